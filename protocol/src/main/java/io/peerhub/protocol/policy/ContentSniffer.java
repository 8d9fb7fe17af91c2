package io.peerhub.protocol.policy;

import java.util.Arrays;
import java.util.Optional;
import org.apache.tika.Tika;

/**
 * What a file is by its first bytes, through Apache Tika's signature database (core only: magic
 * numbers, no parsers). The name is never shown to Tika here: the name has a verdict of its own,
 * and a renamed video must not borrow the name's.
 */
public final class ContentSniffer {

    private final Tika tika = new Tika();
    private final CategoryTable table;

    public ContentSniffer(CategoryTable table) {
        this.table = table;
    }

    public ContentSniffer() {
        this(CategoryTable.shared());
    }

    /** The content category of a file's head (its first {@link HubPolicy#POLICY_HEAD_BYTES} at most). */
    public Optional<FileCategory> category(byte[] head) {
        if (head.length == 0) {
            return Optional.empty();
        }
        byte[] judged = head.length > HubPolicy.POLICY_HEAD_BYTES ? Arrays.copyOf(head, HubPolicy.POLICY_HEAD_BYTES) : head;
        return table.byMediaType(tika.detect(judged));
    }
}
