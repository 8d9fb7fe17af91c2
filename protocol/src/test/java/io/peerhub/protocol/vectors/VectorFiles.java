package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads protocol/vectors/*.json (format: protocol/vectors/README.md), expanding the three macros
 * that keep long inputs short: {@code {"$repeat": s, "times": n}}, {@code {"$concat": [...]}}
 * and {@code {"$each": n, "item": T}} (T n times, {@code {i}} in its strings replaced by the index,
 * counted from {@code "from"} if given, else 0).
 * web-client/src/vectors/load.ts reads them the same way.
 */
final class VectorFiles {

    /** Numbers as exact as they are written: a vector's value is compared digit for digit. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private VectorFiles() {}

    /** The folder: {@code -Dpeerhub.vectors} (set by the build), else protocol/vectors seen from this module. */
    static Path dir() {
        return Path.of(System.getProperty("peerhub.vectors", "vectors"));
    }

    static List<Vector> load() {
        return load(dir());
    }

    static List<Vector> load(Path dir) {
        List<Vector> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.addAll(parse(f.getFileName().toString(), MAPPER.readTree(f.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<Vector> parse(String file, JsonNode tree) {
        String kind = tree.path("kind").asText();
        if (kind.isEmpty() || !tree.path("cases").isArray()) {
            throw new IllegalStateException(file + ": needs a kind and a list of cases");
        }
        List<Vector> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode c : tree.get("cases")) {
            String name = c.path("name").asText();
            if (name.isEmpty() || !names.add(name)) {
                throw new IllegalStateException(file + ": every case needs a name of its own (" + name + ")");
            }
            out.add(new Vector(file, kind, name, expand(c)));
        }
        return out;
    }

    static JsonNode expand(JsonNode node) {
        return expand(node, null);
    }

    private static JsonNode expand(JsonNode node, String index) {
        if (node.isTextual()) {
            return index == null ? node : TextNode.valueOf(node.textValue().replace("{i}", index));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(expand(item, index)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.has("$repeat")) {
            String s = expand(node.get("$repeat"), index).textValue();
            return TextNode.valueOf(s.repeat(node.get("times").intValue()));
        }
        if (node.has("$concat")) {
            StringBuilder b = new StringBuilder();
            node.get("$concat").forEach(part -> b.append(expand(part, index).textValue()));
            return TextNode.valueOf(b.toString());
        }
        if (node.has("$each")) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            int from = node.path("from").asInt(0);
            for (int i = from; i < from + node.get("$each").intValue(); i++) {
                out.add(expand(node.get("item"), String.valueOf(i)));
            }
            return out;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), expand(e.getValue(), index));
        }
        return out;
    }
}
