package io.peerhub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.protocol.policy.InvalidPolicyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reads of one JSON object's fields. A required field that is missing or null, or any field
 * of the wrong type, is a {@code bad-field} error naming the field; unknown fields are ignored
 * (forward compatibility).
 */
final class JsonFields {

    private final ObjectNode node;
    private final String type;
    private final String path;

    JsonFields(ObjectNode node, String type) {
        this(node, type, "");
    }

    private JsonFields(ObjectNode node, String type, String path) {
        this.node = node;
        this.type = type;
        this.path = path;
    }

    String requiredString(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return value.textValue();
    }

    /** The text of a field, or null when it is absent or anything but a string (the caller judges). */
    String textOrNull(String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** Null when the field is absent or JSON null. */
    String optionalString(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return value.textValue();
    }

    long requiredInteger(String field) {
        JsonNode value = required(field);
        if (!JsonNumbers.isSafeInteger(value)) {
            throw wrongType(field, "an integer");
        }
        return JsonNumbers.safeInteger(value);
    }

    /** Null when the field is absent or JSON null. */
    Long optionalInteger(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : requiredInteger(field);
    }

    boolean requiredBoolean(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return value.booleanValue();
    }

    ObjectNode requiredObject(String field) {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw wrongType(field, "an object");
        }
        return (ObjectNode) value;
    }

    <E> E requiredEnum(String field, Function<String, Optional<E>> fromWire, String expected) {
        String value = requiredString(field);
        return fromWire.apply(value).orElseThrow(() -> wrongType(field, expected));
    }

    <T> T requiredNested(String field, Function<JsonFields, T> reader) {
        return reader.apply(new JsonFields(requiredObject(field), type, name(field) + "."));
    }

    <T> List<T> requiredList(String field, Function<JsonFields, T> reader) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw wrongType(field, "a list");
        }
        List<T> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = name(field) + "[" + i + "]";
            if (!item.isObject()) {
                throw new ProtocolException(ErrorCode.BAD_FIELD, "field '" + itemPath + "' must be an object", type);
            }
            items.add(reader.apply(new JsonFields((ObjectNode) item, type, itemPath + ".")));
        }
        return List.copyOf(items);
    }

    List<String> requiredStrings(String field) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw wrongType(field, "a list of strings");
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw wrongType(field, "a list of strings");
            }
            items.add(item.textValue());
        }
        return List.copyOf(items);
    }

    /** An empty list when the field is absent or JSON null. */
    List<String> optionalStrings(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? List.of() : requiredStrings(field);
    }

    /** A peer id ({@link Ids#isPeerId}); the server never sends another kind of id in these fields. */
    String requiredPeerId(String field) {
        String value = requiredString(field);
        if (!Ids.isPeerId(value)) {
            throw invalid(field, "a peer id");
        }
        return value;
    }

    /** A {@code bad-field} error for a field whose value breaks its rule. */
    /** A hub policy field: absent or null is none; one that breaks the policy's rules is refused, naming the field. */
    HubPolicy optionalPolicy(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return HubPolicy.read(value);
        } catch (InvalidPolicyException e) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "field '" + name(field) + "': " + e.getMessage(), type);
        }
    }

    /** Whether the object has the field at all, null included. */
    boolean has(String field) {
        return node.has(field);
    }

    ProtocolException invalid(String field, String expected) {
        return wrongType(field, expected);
    }

    private JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "field '" + name(field) + "' is missing", type);
        }
        return value;
    }

    private ProtocolException wrongType(String field, String expected) {
        return new ProtocolException(ErrorCode.BAD_FIELD, "field '" + name(field) + "' must be " + expected, type);
    }

    private String name(String field) {
        return path + field;
    }
}
