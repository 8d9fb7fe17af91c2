package io.peerhub.protocol.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * protocol/policy/file-categories.json, the one table the browser reads too: extensions and
 * detected media types to categories. Both sides reading the same file is what keeps a verdict
 * the same on either end.
 */
public final class CategoryTable {

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1," + HubPolicy.MAX_EXTENSION_LENGTH + "}");

    private static final CategoryTable SHARED = load();

    private final Map<String, FileCategory> byExtension;
    private final Map<String, FileCategory> byMediaType;
    private final Map<String, FileCategory> byPrefix;
    private final Set<String> notByContent;

    private CategoryTable(Map<String, FileCategory> byExtension, Map<String, FileCategory> byMediaType,
                          Map<String, FileCategory> byPrefix, Set<String> notByContent) {
        this.byExtension = byExtension;
        this.byMediaType = byMediaType;
        this.byPrefix = byPrefix;
        this.notByContent = notByContent;
    }

    public static CategoryTable shared() {
        return SHARED;
    }

    /**
     * The extension of a path's last component: the text after its last dot, lower-cased, when
     * there is text before that dot and the rest is 1–16 letters or digits; otherwise none.
     */
    public static Optional<String> extensionOf(List<String> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String last = path.get(path.size() - 1);
        int dot = last.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String ext = last.substring(dot + 1).toLowerCase(Locale.ROOT);
        return EXTENSION.matcher(ext).matches() ? Optional.of(ext) : Optional.empty();
    }

    public Optional<FileCategory> byName(List<String> path) {
        return extensionOf(path).map(byExtension::get);
    }

    /** The category of a media type as a detection library names it; parameters are dropped. */
    public Optional<FileCategory> byMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        int semicolon = mediaType.indexOf(';');
        String base = (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (notByContent.contains(base)) {
            return Optional.empty();
        }
        FileCategory exact = byMediaType.get(base);
        if (exact != null) {
            return Optional.of(exact);
        }
        return byPrefix.entrySet().stream().filter(e -> base.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
    }

    private static CategoryTable load() {
        try (InputStream in = CategoryTable.class.getResourceAsStream("file-categories.json")) {
            if (in == null) {
                throw new IllegalStateException("file-categories.json is missing from the protocol jar");
            }
            JsonNode root = JsonMapper.builder().build().readTree(in);
            Map<String, FileCategory> prefixes = new LinkedHashMap<>();
            root.get("mediaTypePrefixes").fields().forEachRemaining(e -> prefixes.put(e.getValue().textValue(), category(e.getKey())));
            Set<String> notByContent = new java.util.HashSet<>();
            root.get("notByContent").forEach(v -> notByContent.add(v.textValue()));
            return new CategoryTable(lists(root.get("extensions")), lists(root.get("mediaTypes")), prefixes, Set.copyOf(notByContent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, FileCategory> lists(JsonNode byCategory) {
        Map<String, FileCategory> out = new HashMap<>();
        byCategory.fields().forEachRemaining(e -> e.getValue().forEach(v -> {
            FileCategory before = out.put(v.textValue(), category(e.getKey()));
            if (before != null) {
                throw new IllegalStateException("file-categories.json names " + v.textValue() + " twice");
            }
        }));
        return Map.copyOf(out);
    }

    private static FileCategory category(String wire) {
        return FileCategory.fromWire(wire).orElseThrow(() -> new IllegalStateException("file-categories.json: no category " + wire));
    }
}
