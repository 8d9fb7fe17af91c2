package io.peerhub.peer.transfer;

import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.protocol.policy.PolicyJudge;
import io.peerhub.protocol.policy.PolicyVerdict;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The policy a Java peer enforces (docs/protocol.md, "Hub policy"): the hub's, as the last
 * welcome or policy update said, and on top of it this peer's own ({@code --block}, {@code
 * --allow}); a file goes only if both let it. Asked afresh each time, so a policy change holds
 * from the next offer or file on. Every refusal is in words that name the file and the rule, as
 * the browser's (web-client/src/policy/guard.ts).
 */
public final class PolicyInForce {

    public static final PolicyInForce NONE = new PolicyInForce(() -> HubPolicy.OPEN, HubPolicy.OPEN);

    private static final PolicyJudge JUDGE = new PolicyJudge();

    private final Supplier<HubPolicy> hub;
    private final HubPolicy local;

    public PolicyInForce(Supplier<HubPolicy> hub, HubPolicy local) {
        this.hub = hub;
        this.local = local;
    }

    /** The same local policy under another hub's. */
    public PolicyInForce under(Supplier<HubPolicy> otherHub) {
        return new PolicyInForce(otherHub, local);
    }

    /** The same hub's policy with another local one on top. */
    public PolicyInForce withLocal(HubPolicy otherLocal) {
        return new PolicyInForce(hub, otherLocal);
    }

    public HubPolicy current() {
        return hub.get().and(local);
    }

    /** The hub's notice, to say with a refusal on this side (empty: none). */
    public String notice() {
        return current().notice();
    }

    /** Whether a file's first bytes can change a verdict now: when not, no head need be held back. */
    public boolean readsContent() {
        return PolicyJudge.readsContent(current());
    }

    /** What a receiver can say of an offer from its manifest: the batch, then each file by name and size. */
    public Optional<String> refuseOffer(Manifest manifest) {
        HubPolicy policy = current();
        Optional<String> batch = refuseBatch(policy, manifest.totalBytes());
        if (batch.isPresent()) {
            return batch;
        }
        for (FileEntry f : manifest.files()) {
            Optional<PolicyVerdict> v = JUDGE.byName(policy, f.path(), f.size());
            if (v.isPresent()) {
                return Optional.of(v.get().words(nameOf(f.path())));
            }
        }
        return Optional.empty();
    }

    /** Files of {@code totalBytes} together, sent in one go. */
    public Optional<String> refuseBatch(long totalBytes) {
        return refuseBatch(current(), totalBytes);
    }

    private static Optional<String> refuseBatch(HubPolicy policy, long totalBytes) {
        return JUDGE.batch(policy, totalBytes).map(v -> v.words(""));
    }

    /** A file by its name, size and first bytes ({@code head}: up to {@link HubPolicy#POLICY_HEAD_BYTES}). */
    public Optional<String> refuseFile(List<String> path, long size, byte[] head) {
        return JUDGE.withHead(current(), path, size, head).map(v -> v.words(nameOf(path)));
    }

    /** How many of a file's first bytes its content is judged on. */
    public static int headLength(long size) {
        return (int) Math.min(size, HubPolicy.POLICY_HEAD_BYTES);
    }

    private static String nameOf(List<String> path) {
        return path.isEmpty() ? "" : path.get(path.size() - 1);
    }
}
