package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.transfer.Sizes;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.RefusalReason;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How much memory the manifests a drop holds may take. A drop keeps the manifest of every
 * transfer it accepted until the transfer ends (up to its lifetime), and of every offer being
 * assembled; the protocol lets one offer be 10,000 files in 64 parts of 256 KiB. Without a bound,
 * 40 offers of 5,000 empty files with 1,000-character names ran a {@code -Xmx128m} drop out of
 * memory (issue 19). The bounds below are in bytes of heap, {@link #weight estimated} from the
 * entries, and in counts of transfers; an offer past them is refused as soon as a part shows it:
 * {@code too-large} when it alone is more than one sender may hold, {@code busy} otherwise.
 *
 * <p>Per sender (its device id, which its {@code hello} proved) and in all: a device id costs
 * nothing to make, so the per-sender bounds only keep one sender from taking everything, and the
 * totals are what keeps the heap safe.
 */
final class ManifestBudget {

    /** A quarter of the {@code -Xmx128m} docs/native-peer.md advises, the rest for frames in flight. */
    static final long TOTAL_BYTES = 32L * 1024 * 1024;
    /**
     * One sender's manifests, and the most one offer may take: a folder of 10,000 files whose
     * paths average 1,400 characters (a real folder's are far shorter); half of {@link #TOTAL_BYTES}.
     */
    static final long SENDER_BYTES = 16L * 1024 * 1024;
    /** A sender that drops many things at once gets this many transfers open at a time. */
    static final int SENDER_TRANSFERS = 32;
    /** Each transfer is a folder in {@code .partial/}, a record and a writer: bounded in number too. */
    static final int TRANSFERS = 256;

    /** What the drop holds for one accepted transfer or one offer being assembled. */
    record Holding(String sender, long weight) {}

    /** Heap a manifest entry takes: its record, path list and strings (measured: ~150 bytes plus its characters). */
    private static final int ENTRY_BYTES = 160;
    private static final int STRING_BYTES = 48;

    private ManifestBudget() {}

    static long weight(Manifest manifest) {
        return weight(manifest.files());
    }

    static long weight(List<FileEntry> entries) {
        long w = 0;
        for (FileEntry f : entries) {
            w += ENTRY_BYTES + chars(f.type());
            for (String c : f.path()) {
                w += STRING_BYTES + chars(c);
            }
            if (f.sha256() != null) {
                w += STRING_BYTES + f.sha256().length();
            }
        }
        return w;
    }

    /** A Java string's characters take one byte each when all are Latin-1, else two. */
    private static long chars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return 2L * s.length();
            }
        }
        return s.length();
    }

    /**
     * Whether {@code sender} may hold {@code more} bytes of manifest beside {@code held}, for an
     * offer that then holds {@code offer} bytes in all; {@code newOffer} when this is a new offer
     * (it then counts as one more transfer). Empty when it may.
     */
    static Optional<Quota.Refusal> check(String sender, long more, long offer, boolean newOffer,
                                                Collection<Holding> held) {
        if (offer > SENDER_BYTES) {
            return Optional.of(new Quota.Refusal(RefusalReason.TOO_LARGE, "a manifest of more than "
                    + Sizes.format(SENDER_BYTES) + " in memory is more than this drop takes in one offer"));
        }
        long total = 0;
        long mine = 0;
        int count = 0;
        int mineCount = 0;
        for (Holding h : held) {
            total += h.weight();
            count++;
            if (h.sender().equals(sender)) {
                mine += h.weight();
                mineCount++;
            }
        }
        if (newOffer && mineCount >= SENDER_TRANSFERS) {
            return busy("you have " + mineCount + " transfers open with this drop; it takes another when one ends");
        }
        if (newOffer && count >= TRANSFERS) {
            return busy("the drop has " + count + " transfers open; try again when some have ended");
        }
        if (mine + more > SENDER_BYTES) {
            return busy("your open transfers' manifests take " + Sizes.format(mine) + " of the "
                    + Sizes.format(SENDER_BYTES) + " this drop keeps for one sender; it takes more when one ends");
        }
        if (total + more > TOTAL_BYTES) {
            return busy("the drop keeps as many manifests as it can (" + Sizes.format(TOTAL_BYTES)
                    + "); try again when some transfers have ended");
        }
        return Optional.empty();
    }

    private static Optional<Quota.Refusal> busy(String message) {
        return Optional.of(new Quota.Refusal(RefusalReason.BUSY, message));
    }
}
