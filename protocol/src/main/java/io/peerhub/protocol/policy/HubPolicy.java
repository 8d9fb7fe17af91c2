package io.peerhub.protocol.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.JsonNumbers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a hub lets its rooms send (docs/protocol.md, "Hub policy"). {@code allowCategories} and
 * {@code allowExtensions} are null when the hub does not restrict to a list (an empty list allows
 * nothing); {@code maxFileBytes} and {@code maxBatchBytes} are null for no limit.
 */
public record HubPolicy(String notice, Set<FileCategory> blockCategories, Set<FileCategory> allowCategories,
                        Set<String> blockExtensions, Set<String> allowExtensions, Long maxFileBytes, Long maxBatchBytes,
                        boolean chat, boolean documents, boolean sharedFolders) {

    /** How much of a file's start its content is judged on. */
    public static final int POLICY_HEAD_BYTES = 65_536;
    public static final int MAX_POLICY_NOTICE_CODE_POINTS = 500;
    public static final int MAX_POLICY_LIST_ENTRIES = 64;
    public static final int MAX_EXTENSION_LENGTH = 16;

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1," + MAX_EXTENSION_LENGTH + "}");
    private static final Set<String> FIELDS = Set.of("notice", "blockCategories", "allowCategories", "blockExtensions",
            "allowExtensions", "maxFileBytes", "maxBatchBytes", "chat", "documents", "sharedFolders");

    /** No rules: everything goes, every part is on. */
    public static final HubPolicy OPEN = new HubPolicy("", Set.of(), null, Set.of(), null, null, null, true, true, true);

    public HubPolicy {
        notice = notice == null ? "" : notice;
        // In the order written: a policy reads back as the hub wrote it.
        blockCategories = ordered(blockCategories);
        allowCategories = allowCategories == null ? null : ordered(allowCategories);
        blockExtensions = ordered(blockExtensions);
        allowExtensions = allowExtensions == null ? null : ordered(allowExtensions);
    }

    private static <T> Set<T> ordered(Set<T> items) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }

    /** Reads a policy as the wire (or a policy file) writes it; throws with the field at fault. */
    public static HubPolicy read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidPolicyException("", "a policy is an object");
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidPolicyException(name, "is not a policy field (one of " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String notice = "";
        JsonNode n = node.get("notice");
        if (n != null && !n.isNull()) {
            if (!n.isTextual()) {
                throw new InvalidPolicyException("notice", "must be a string");
            }
            notice = n.textValue();
            if (notice.codePointCount(0, notice.length()) > MAX_POLICY_NOTICE_CODE_POINTS) {
                throw new InvalidPolicyException("notice", "must be at most " + MAX_POLICY_NOTICE_CODE_POINTS + " characters");
            }
        }
        return new HubPolicy(notice, categories(node, "blockCategories"), present(node, "allowCategories") ? categories(node, "allowCategories") : null,
                extensions(node, "blockExtensions"), present(node, "allowExtensions") ? extensions(node, "allowExtensions") : null,
                size(node, "maxFileBytes"), size(node, "maxBatchBytes"),
                flag(node, "chat"), flag(node, "documents"), flag(node, "sharedFolders"));
    }

    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        writeTo(out);
        return out;
    }

    public void writeTo(ObjectNode out) {
        out.put("notice", notice);
        categoriesTo(out.putArray("blockCategories"), blockCategories);
        if (allowCategories != null) {
            categoriesTo(out.putArray("allowCategories"), allowCategories);
        }
        ArrayNode block = out.putArray("blockExtensions");
        blockExtensions.forEach(block::add);
        if (allowExtensions != null) {
            ArrayNode allow = out.putArray("allowExtensions");
            allowExtensions.forEach(allow::add);
        }
        if (maxFileBytes != null) {
            out.put("maxFileBytes", maxFileBytes);
        }
        if (maxBatchBytes != null) {
            out.put("maxBatchBytes", maxBatchBytes);
        }
        out.put("chat", chat);
        out.put("documents", documents);
        out.put("sharedFolders", sharedFolders);
    }

    /**
     * This policy and another (a drop's own, on top of the hub's): a file goes only if both let it.
     * Lists to block join; lists to allow meet; the smaller limit holds; a part is on only if both say so.
     */
    public HubPolicy and(HubPolicy other) {
        return new HubPolicy(notice.isEmpty() ? other.notice : notice,
                union(blockCategories, other.blockCategories), meet(allowCategories, other.allowCategories),
                union(blockExtensions, other.blockExtensions), meet(allowExtensions, other.allowExtensions),
                min(maxFileBytes, other.maxFileBytes), min(maxBatchBytes, other.maxBatchBytes),
                chat && other.chat, documents && other.documents, sharedFolders && other.sharedFolders);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> meet(Set<T> a, Set<T> b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        Set<T> out = new LinkedHashSet<>(a);
        out.retainAll(b);
        return out;
    }

    private static Long min(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }

    private static void categoriesTo(ArrayNode out, Set<FileCategory> categories) {
        categories.forEach(c -> out.add(c.wire()));
    }

    private static boolean present(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode list = node.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidPolicyException(field, "must be a list");
        }
        if (list.size() > MAX_POLICY_LIST_ENTRIES) {
            throw new InvalidPolicyException(field, "may hold at most " + MAX_POLICY_LIST_ENTRIES + " entries");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw new InvalidPolicyException(field, "must be a list of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static Set<FileCategory> categories(JsonNode node, String field) {
        Set<FileCategory> out = new LinkedHashSet<>();
        for (String name : strings(node, field)) {
            out.add(FileCategory.fromWire(name).orElseThrow(() -> new InvalidPolicyException(field,
                    "names '" + name + "', not a category (audio, video, image, executable, archive, document, other)")));
        }
        return out;
    }

    private static Set<String> extensions(JsonNode node, String field) {
        Set<String> out = new LinkedHashSet<>();
        for (String ext : strings(node, field)) {
            if (!EXTENSION.matcher(ext).matches()) {
                throw new InvalidPolicyException(field, "names '" + ext
                        + "', not an extension (1–16 lower-case letters or digits, without the dot)");
            }
            out.add(ext);
        }
        return out;
    }

    private static Long size(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!JsonNumbers.isSafeInteger(value) || JsonNumbers.safeInteger(value) < 0) {
            throw new InvalidPolicyException(field, "must be a whole number of bytes, 0 or more");
        }
        return JsonNumbers.safeInteger(value);
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return true;
        }
        if (!value.isBoolean()) {
            throw new InvalidPolicyException(field, "must be true or false");
        }
        return value.booleanValue();
    }
}
