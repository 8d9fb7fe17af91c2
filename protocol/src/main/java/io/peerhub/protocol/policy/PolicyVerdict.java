package io.peerhub.protocol.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rule a file breaks (docs/protocol.md, "Hub policy", the verdict table). {@code extension}
 * is set for the extension rules (null: the file has none); {@code category} and {@code by} for
 * the category rules.
 */
public record PolicyVerdict(Rule rule, String extension, FileCategory category, By by) {

    public enum Rule {
        FILE_TOO_LARGE("file-too-large"),
        BATCH_TOO_LARGE("batch-too-large"),
        EXTENSION_BLOCKED("extension-blocked"),
        EXTENSION_NOT_ALLOWED("extension-not-allowed"),
        CATEGORY_BLOCKED("category-blocked"),
        CATEGORY_NOT_ALLOWED("category-not-allowed");

        private final String wire;

        Rule(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** What told the category: the file's first bytes, its name, or neither ({@code other}). */
    public enum By {
        CONTENT("content"), NAME("name"), NONE("none");

        private final String wire;

        By(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("rule", rule.wire());
        if (rule == Rule.EXTENSION_BLOCKED || rule == Rule.EXTENSION_NOT_ALLOWED) {
            out.put("extension", extension);
        }
        if (category != null) {
            out.put("category", category.wire());
            out.put("by", by.wire());
        }
        return out;
    }

    /** The refusal in words, for the person whose file it was: names the file and the rule. */
    public String words(String fileName) {
        String why = switch (rule) {
            case FILE_TOO_LARGE -> "larger than this hub allows";
            case BATCH_TOO_LARGE -> "the files together are more than this hub allows in one go";
            case EXTENSION_BLOCKED -> "." + extension + " files are not allowed on this hub";
            case EXTENSION_NOT_ALLOWED -> (extension == null ? "files without an extension" : "." + extension + " files")
                    + " are not among those this hub allows";
            case CATEGORY_BLOCKED -> category.wire() + " files are not allowed on this hub" + how();
            case CATEGORY_NOT_ALLOWED -> (category == FileCategory.OTHER ? "files of unknown type" : category.wire() + " files")
                    + " are not among those this hub allows" + how();
        };
        return rule == Rule.BATCH_TOO_LARGE ? why : fileName + ": " + why;
    }

    private String how() {
        return switch (by) {
            case CONTENT -> " (judged by its content)";
            case NAME -> " (judged by its name)";
            case NONE -> "";
        };
    }
}
