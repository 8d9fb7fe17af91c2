package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.automerge.AmValue;
import org.automerge.Document;
import org.automerge.ObjectId;
import org.automerge.Transaction;

/**
 * What the Java peer reads and writes in the room's documents: a text document is
 * {@code { text: Text }}, the index is {@code { [docId]: { title, created } }} (see
 * web-client/src/docs/documents.ts). Positions given in UTF-16 units are converted here.
 */
public final class TextDocs {

    private TextDocs() {}

    public static Optional<ObjectId> textObject(Document doc) {
        return doc.get(ObjectId.ROOT, "text").filter(v -> v instanceof AmValue.Text)
                .map(v -> ((AmValue.Text) v).getId());
    }

    /** The document's text, or "" when it has none yet. */
    public static String text(Document doc) {
        return textObject(doc).flatMap(doc::text).orElse("");
    }

    /**
     * Replaces {@code deleteUtf16} UTF-16 units at UTF-16 position {@code atUtf16} with
     * {@code insert}, the way a browser would describe the edit.
     */
    public static void spliceUtf16(Document doc, int atUtf16, int deleteUtf16, String insert) {
        ObjectId text = textObject(doc).orElseThrow(() -> new IllegalStateException("document has no text"));
        String current = doc.text(text).orElse("");
        long at = TextPositions.toCodePoints(current, atUtf16);
        long delete = TextPositions.codePointCount(current, atUtf16, deleteUtf16);
        try (Transaction tx = doc.startTransaction()) {
            tx.spliceText(text, at, delete, insert);
            tx.commit();
        }
    }

    /** A string value: the browser writes strings as Automerge text, other writers as plain strings. */
    private static Optional<String> stringOf(Document doc, AmValue value) {
        if (value instanceof AmValue.Text t) {
            return doc.text(t.getId());
        }
        if (value instanceof AmValue.Str s) {
            return Optional.of(s.getValue());
        }
        return Optional.empty();
    }

    /** The index's titles by document id, in the index's order; entries that are not well formed are left out. */
    public static Map<String, String> titles(Document index) {
        Map<String, String> titles = new LinkedHashMap<>();
        for (String id : index.keys(ObjectId.ROOT).orElse(new String[0])) {
            if (!DocsProtocol.isDocId(id)) {
                continue;
            }
            index.get(ObjectId.ROOT, id).filter(v -> v instanceof AmValue.Map)
                    .flatMap(v -> index.get(((AmValue.Map) v).getId(), "title"))
                    .flatMap(v -> stringOf(index, v))
                    .flatMap(t -> Optional.ofNullable(DocsProtocol.title(t)))
                    .ifPresent(t -> titles.put(id, t));
        }
        titles.putIfAbsent(DocsProtocol.NOTES_DOC_ID, "Notes");
        return titles;
    }
}
