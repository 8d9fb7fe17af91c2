package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.JsonNumbers;
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

    /** A whole number within ±(2^53 − 1), written as {@code 5}, {@code 5.0} or {@code 5e0} (see {@link JsonNumbers}). */
    long integer(String field) {
        JsonNode v = required(field);
        if (!JsonNumbers.isSafeInteger(v)) {
            throw bad(field, "an integer");
        }
        return JsonNumbers.safeInteger(v);
    }

    /** An integer from 0 to {@code max}. */
    long count(String field, long max) {
        long v = integer(field);
        if (v < 0 || v > max) {
            throw bad(field, "an integer from 0 to " + max);
        }
        return v;
    }

    /** A file's index in its manifest: 0 to {@link Transfers#MAX_FILES} − 1. */
    int fileIndex(String field) {
        return (int) count(field, Transfers.MAX_FILES - 1);
    }

    /** Whether the field is absent or JSON null: an optional field's "not given". */
    boolean absent(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull();
    }

    /** The field's value when it is a string, else null: for optional fields whose odd values are ignored. */
    String stringOrNull(String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /**
     * The items of a list field, each as {@link Fields} when it is an object or null when it is
     * not: for lists whose bad items are judged later (a manifest's entries).
     */
    List<Fields> objects(String field) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw bad(field, "a list");
        }
        List<Fields> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            out.add(item.isObject() ? new Fields((ObjectNode) item, path + field + "[" + i + "].") : null);
        }
        return out;
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

    /**
     * A field of exactly {@code length} characters of canonical base64url (no padding, no stray
     * bits in the last character): two spellings of one key or signature would be two entries.
     */
    String canonicalBase64Url(String field, int length) {
        String s = stringOrNull(field);
        if (s == null || s.length() != length || !s.matches("[A-Za-z0-9_-]+")) {
            throw bad(field, length + " base64url characters");
        }
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(s);
        if (!java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(s)) {
            throw bad(field, "canonical base64url");
        }
        return s;
    }

    String path() {
        return path;
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
