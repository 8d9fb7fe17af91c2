package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A deliberately broken copy of a case: what it expects is turned into something else, so that a
 * runner that still passes it would not be checking anything. Kept in step with
 * web-client/src/vectors/mutate.ts.
 */
final class Mutations {

    private Mutations() {}

    static Vector broken(Vector v) {
        ObjectNode c = v.body().deepCopy();
        ObjectNode wrong = JsonNodeFactory.instance.objectNode().put("mutated", true);
        if (v.kind().equals("file-type")) {
            c.put("content", "mutated");
        } else if (v.kind().equals("policy")) {
            if (c.has("invalid")) {
                c.put("invalid", false);
            } else if (c.has("value")) {
                c.set("value", wrong);
            } else {
                c.put("batch", "mutated");
            }
        } else if (v.kind().equals("limits")) {
            c.put("value", c.get("value").longValue() + 1);
        } else if (c.has("value")) {
            c.set("value", wrong);
        } else if (c.has("error")) {
            c.put("error", "bad-json".equals(c.get("error").textValue()) ? "bad-field" : "bad-json");
        } else if (c.has("refused") || c.has("dropped")) {
            flipToAccepted(v.kind(), c);
        } else if (c.has("saved")) {
            c.put("saved", c.get("saved").textValue() + "_");
        } else if (c.has("shown")) {
            c.put("shown", c.get("shown").isNull() ? "x" : c.get("shown").textValue() + "x");
        } else if (c.has("manifest")) {
            c.remove("manifest");
            c.put("pending", true);
        } else if (c.has("answer")) {
            c.remove("answer");
            c.put("pending", true);
        } else if (c.has("pending")) {
            c.remove("pending");
            c.put("answer", "bad-manifest");
        } else if (c.has("file")) {
            c.put("offset", c.get("offset").longValue() + 1);
        } else if (c.has("frames")) {
            c.withArray("frames").add("00");
        } else if (c.has("results")) {
            JsonNode first = c.get("results").get(0);
            c.withArray("results").set(0, first.isTextual() && first.textValue().equals("partial")
                    ? JsonNodeFactory.instance.textNode("dropped") : JsonNodeFactory.instance.textNode("partial"));
        } else {
            throw new IllegalStateException("no mutation for " + v);
        }
        return new Vector(v.file(), v.kind(), v.name() + " (broken)", c);
    }

    private static void flipToAccepted(String kind, ObjectNode c) {
        c.remove("refused");
        c.remove("dropped");
        switch (kind) {
            case "chunk" -> c.put("file", 0).put("offset", 0).put("length", 1);
            case "doc-frames" -> c.putArray("frames");
            default -> c.putObject("value").put("mutated", true);
        }
    }
}
