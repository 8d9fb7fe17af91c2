package io.peerhub.protocol.policy;

import io.peerhub.protocol.policy.PolicyVerdict.By;
import io.peerhub.protocol.policy.PolicyVerdict.Rule;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The verdict on a file or an offer under a policy, in the spec's order of rules. Judging with a
 * head (the file's first bytes) adds its content category; without one (a manifest) only the name
 * and size count, and the head is judged once it arrives.
 */
public final class PolicyJudge {

    private final CategoryTable table;
    private final ContentSniffer sniffer;

    public PolicyJudge(CategoryTable table, ContentSniffer sniffer) {
        this.table = table;
        this.sniffer = sniffer;
    }

    public PolicyJudge() {
        this(CategoryTable.shared(), new ContentSniffer());
    }

    public Optional<PolicyVerdict> batch(HubPolicy policy, long totalBytes) {
        return policy.maxBatchBytes() != null && totalBytes > policy.maxBatchBytes()
                ? Optional.of(new PolicyVerdict(Rule.BATCH_TOO_LARGE, null, null, null)) : Optional.empty();
    }

    /** By name and size alone: what a receiver can say of a manifest. */
    public Optional<PolicyVerdict> byName(HubPolicy policy, List<String> path, long size) {
        return judge(policy, path, size, Optional.empty());
    }

    /** By name, size and the file's first bytes ({@code head}, up to {@link HubPolicy#POLICY_HEAD_BYTES}). */
    public Optional<PolicyVerdict> withHead(HubPolicy policy, List<String> path, long size, byte[] head) {
        return judge(policy, path, size, sniffer.category(head));
    }

    /** Whether the head can matter at all: a policy with no category rules never needs one. */
    public static boolean readsContent(HubPolicy policy) {
        return !policy.blockCategories().isEmpty() || policy.allowCategories() != null;
    }

    private Optional<PolicyVerdict> judge(HubPolicy policy, List<String> path, long size, Optional<FileCategory> content) {
        if (policy.maxFileBytes() != null && size > policy.maxFileBytes()) {
            return verdict(Rule.FILE_TOO_LARGE, null, null, null);
        }
        String ext = CategoryTable.extensionOf(path).orElse(null);
        if (ext != null && policy.blockExtensions().contains(ext)) {
            return verdict(Rule.EXTENSION_BLOCKED, ext, null, null);
        }
        if (policy.allowExtensions() != null && (ext == null || !policy.allowExtensions().contains(ext))) {
            return verdict(Rule.EXTENSION_NOT_ALLOWED, ext, null, null);
        }
        Optional<FileCategory> name = table.byName(path);
        Set<FileCategory> blocked = policy.blockCategories();
        if (content.isPresent() && blocked.contains(content.get())) {
            return verdict(Rule.CATEGORY_BLOCKED, null, content.get(), By.CONTENT);
        }
        if (name.isPresent() && blocked.contains(name.get())) {
            return verdict(Rule.CATEGORY_BLOCKED, null, name.get(), By.NAME);
        }
        if (content.isEmpty() && name.isEmpty() && blocked.contains(FileCategory.OTHER)) {
            return verdict(Rule.CATEGORY_BLOCKED, null, FileCategory.OTHER, By.NONE);
        }
        Set<FileCategory> allowed = policy.allowCategories();
        if (allowed != null) {
            if (content.isPresent() && !allowed.contains(content.get())) {
                return verdict(Rule.CATEGORY_NOT_ALLOWED, null, content.get(), By.CONTENT);
            }
            if (name.isPresent() && !allowed.contains(name.get())) {
                return verdict(Rule.CATEGORY_NOT_ALLOWED, null, name.get(), By.NAME);
            }
            if (content.isEmpty() && name.isEmpty() && !allowed.contains(FileCategory.OTHER)) {
                return verdict(Rule.CATEGORY_NOT_ALLOWED, null, FileCategory.OTHER, By.NONE);
            }
        }
        return Optional.empty();
    }

    private static Optional<PolicyVerdict> verdict(Rule rule, String ext, FileCategory category, By by) {
        return Optional.of(new PolicyVerdict(rule, ext, category, by));
    }
}
