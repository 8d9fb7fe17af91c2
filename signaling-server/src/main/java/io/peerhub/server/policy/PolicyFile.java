package io.peerhub.server.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.protocol.policy.InvalidPolicyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A hub policy file (docs/operations.md, "Hub policy"): JSON ({@code .json}) or YAML (any other
 * name), validated with the rules every client applies. A mistake is reported with the file, the
 * line and the problem, so an operator fixes it without guessing.
 */
public final class PolicyFile {

    private PolicyFile() {}

    /** Reads and checks the policy; throws {@link PolicyFileException} naming the line at fault. */
    public static HubPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyFileException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text, isJson(file));
    }

    /** The policy in bytes already read from {@code file}. */
    static HubPolicy read(Path file, byte[] bytes) {
        return parse(file.toString(), new String(bytes, StandardCharsets.UTF_8), isJson(file));
    }

    static HubPolicy parse(String where, String text, boolean json) {
        ObjectMapper mapper = json ? JsonMapper.builder().build() : YAMLMapper.builder().build();
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
            throw new PolicyFileException(where + line + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new PolicyFileException(where + ": is empty; write {} for a policy with no rules");
        }
        try {
            return HubPolicy.read(tree);
        } catch (InvalidPolicyException e) {
            int line = lineOf(text, json, e.field());
            throw new PolicyFileException(where + (line > 0 ? " line " + line : "") + ": " + e.getMessage());
        }
    }

    /** The line where a top-level field is written; 0 when it cannot be told (the whole policy). */
    private static int lineOf(String text, boolean json, String field) {
        if (field.isEmpty()) {
            return 1;
        }
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        try (JsonParser parser = factory.createParser(text)) {
            int depth = 0;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 1 && field.equals(parser.currentName())) {
                    return parser.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }
}
