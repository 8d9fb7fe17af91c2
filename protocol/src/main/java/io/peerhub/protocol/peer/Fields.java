package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Typed reads of one peer message's fields; a missing or mistyped field names itself. */
final class Fields {

    private final ObjectNode node;
    private final String path;

    Fields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String string(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw bad(field, "a string");
        }
        return v.textValue();
    }

    String optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(field, "a string");
        }
        return v.textValue();
    }

    long integer(String field) {
        JsonNode v = required(field);
        // 2^53 - 1 is the largest integer a browser's JSON keeps exactly.
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble())
                    && Math.abs(v.asDouble()) <= Transfers.MAX_SAFE_INTEGER) {
                return (long) v.asDouble();
            }
            throw bad(field, "an integer");
        }
        return v.longValue();
    }

    int smallInteger(String field) {
        long v = integer(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad(field, "a small integer");
        }
        return (int) v;
    }

    boolean bool(String field) {
        JsonNode v = required(field);
        if (!v.isBoolean()) {
            throw bad(field, "true or false");
        }
        return v.booleanValue();
    }

    <T> List<T> list(String field, Function<Fields, T> reader) {
        JsonNode v = required(field);
        return readList(field, v, reader);
    }

    <T> List<T> optionalList(String field, Function<Fields, T> reader) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        return readList(field, v, reader);
    }

    List<String> strings(String field) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw bad(field, "a list of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw bad(field, "a list of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private <T> List<T> readList(String field, JsonNode v, Function<Fields, T> reader) {
        if (!v.isArray()) {
            throw bad(field, "a list");
        }
        List<T> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isObject()) {
                throw bad(field + "[" + i + "]", "an object");
            }
            out.add(reader.apply(new Fields((ObjectNode) item, path + field + "[" + i + "].")));
        }
        return out;
    }

    private JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new PeerProtocolException("field '" + path + field + "' is missing");
        }
        return v;
    }

    private PeerProtocolException bad(String field, String expected) {
        return new PeerProtocolException("field '" + path + field + "' must be " + expected);
    }
}
