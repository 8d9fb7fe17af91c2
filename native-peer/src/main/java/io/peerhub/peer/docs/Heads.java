package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.automerge.ChangeHash;
import org.automerge.Document;
import org.automerge.ObjectId;

/** Change heads as the sync layer compares them: sorted hex, joined by commas ("" for none). */
final class Heads {

    private Heads() {}

    static String of(Document doc) {
        List<String> hex = new ArrayList<>();
        for (ChangeHash h : doc.getHeads()) {
            hex.add(HexFormat.of().formatHex(h.getBytes()));
        }
        return join(hex);
    }

    static String join(List<String> heads) {
        return String.join(",", new TreeSet<>(heads));
    }

    /**
     * The heads in {@code heads} that {@code doc} does not have. Automerge Java has no "has
     * heads": a document read at heads it does not know shows nothing, so a head is known when
     * the text (or, for the index, any entry) shows there. Null heads (a message that did not
     * parse) give "?", which equals nothing real.
     */
    static String unknown(String docId, Document doc, List<String> heads) {
        if (heads == null) {
            return "?";
        }
        List<String> unknown = new ArrayList<>();
        for (String hex : heads) {
            ChangeHash[] at = {new Hash(HexFormat.of().parseHex(hex))};
            boolean known = DocsProtocol.INDEX_DOC_ID.equals(docId)
                    ? doc.keys(ObjectId.ROOT, at).map(k -> k.length > 0).orElse(false)
                    : doc.get(ObjectId.ROOT, "text", at).isPresent();
            if (!known) {
                unknown.add(hex);
            }
        }
        return join(unknown);
    }

    /** A change hash from its bytes (Automerge Java makes them only for what it hands out). */
    private static final class Hash extends ChangeHash {
        Hash(byte[] bytes) {
            super(bytes);
        }
    }
}
