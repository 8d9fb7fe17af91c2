package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.automerge.AmValue;
import org.automerge.Document;
import org.automerge.NewValue;
import org.automerge.ObjectId;
import org.automerge.ObjectType;
import org.automerge.Transaction;

/**
 * What the Java peer reads and writes in the room's documents: a text document is
 * {@code { text: Text }}, the index is {@code { [docId]: { title, created } }} (see
 * web-client/src/docs/documents.ts). Positions given in UTF-16 units are converted here.
 *
 * <p>Edits keep same-place typing whole: text goes in as one splice (a run Automerge keeps
 * together), and a replacement changes only what differs, so others' carets in the rest stay put.
 */
public final class TextDocs {

    /**
     * The common seed of every text document (docs/protocol.md "Documents"): one change, actor
     * 00…00, time 0, putting {@code text} = empty Text, byte for byte as the browser makes it
     * (protocol/vectors/documents/seed.change). Starting from it gives {@code text} the same id on
     * every peer, so a document this peer creates merges with the browsers' copies.
     */
    static final byte[] SEED = HexFormat.of().parseHex(
            "856f4a83d7776c7c012f001000000000000000000000000000000000010100000005150634014202560270027f0474657874017f047f007f00");

    private static final SecureRandom RANDOM = new SecureRandom();

    private TextDocs() {}

    /** Gives a document without text the common seed (a document this peer creates, or one not synced yet). */
    public static void ensureSeeded(Document doc) {
        if (textObject(doc).isEmpty()) {
            doc.applyEncodedChanges(SEED);
        }
    }

    /** A new document id: 128 random bits, base64url, as the browser makes them. */
    public static String newDocId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One document in the room's list. */
    public record Listing(String id, String title) {}

    /** The documents as the browser lists them: Notes first, then by creation time, then id. */
    public static List<Listing> listing(Document index) {
        record Entry(String id, String title, double created) {}
        List<Entry> others = new ArrayList<>();
        String notesTitle = "Notes";
        for (Map.Entry<String, String> e : titles(index).entrySet()) {
            if (e.getKey().equals(DocsProtocol.NOTES_DOC_ID)) {
                notesTitle = e.getValue();
                continue;
            }
            others.add(new Entry(e.getKey(), e.getValue(), created(index, e.getKey())));
        }
        others.sort(Comparator.comparingDouble(Entry::created).thenComparing(Entry::id));
        List<Listing> out = new ArrayList<>();
        out.add(new Listing(DocsProtocol.NOTES_DOC_ID, notesTitle));
        for (Entry e : others.subList(0, Math.min(others.size(), DocsProtocol.MAX_DOCUMENTS - 1))) {
            out.add(new Listing(e.id(), e.title()));
        }
        return out;
    }

    private static double created(Document index, String id) {
        return index.get(ObjectId.ROOT, id).filter(v -> v instanceof AmValue.Map)
                .flatMap(v -> index.get(((AmValue.Map) v).getId(), "created"))
                .map(v -> v instanceof AmValue.Int i ? (double) i.getValue()
                        : v instanceof AmValue.UInt u ? (double) u.getValue()
                        : v instanceof AmValue.F64 f ? f.getValue() : 0.0)
                .orElse(0.0);
    }

    /**
     * Lists a new document: {@code index[id] = { title, created }}, the title as Text and the
     * time as an integer, as the browser writes them (a browser reads both back as it wrote them).
     */
    public static void addToIndex(Document index, String id, String title, long createdMillis) {
        String shown = DocsProtocol.title(title);
        if (!DocsProtocol.isDocId(id) || shown == null) {
            throw new IllegalArgumentException("bad document id or title");
        }
        try (Transaction tx = index.startTransaction()) {
            ObjectId entry = tx.set(ObjectId.ROOT, id, ObjectType.MAP);
            ObjectId t = tx.set(entry, "title", ObjectType.TEXT);
            tx.spliceText(t, 0, 0, shown);
            tx.set(entry, "created", NewValue.integer(createdMillis));
            tx.commit();
        }
    }

    /**
     * Makes the text {@code replacement} by changing only the part between what the two share at
     * their start and at their end (whole code points): others' carets there stay where they are.
     */
    public static void replaceText(Document doc, String replacement) {
        ObjectId text = textObject(doc).orElseThrow(() -> new IllegalStateException("document has no text"));
        int[] old = doc.text(text).orElse("").codePoints().toArray();
        int[] now = replacement.codePoints().toArray();
        int prefix = 0;
        while (prefix < old.length && prefix < now.length && old[prefix] == now[prefix]) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < old.length - prefix && suffix < now.length - prefix
                && old[old.length - 1 - suffix] == now[now.length - 1 - suffix]) {
            suffix++;
        }
        if (prefix == old.length && prefix == now.length) {
            return;
        }
        try (Transaction tx = doc.startTransaction()) {
            tx.spliceText(text, prefix, old.length - prefix - suffix, new String(now, prefix, now.length - prefix - suffix));
            tx.commit();
        }
    }

    /** Adds each line, and a line break after it, at the end of the text (after a line break if the text lacks one). */
    public static void appendLines(Document doc, List<String> lines) {
        ObjectId text = textObject(doc).orElseThrow(() -> new IllegalStateException("document has no text"));
        String current = doc.text(text).orElse("");
        StringBuilder added = new StringBuilder(current.isEmpty() || current.endsWith("\n") ? "" : "\n");
        for (String line : lines) {
            added.append(line).append('\n');
        }
        try (Transaction tx = doc.startTransaction()) {
            tx.spliceText(text, current.codePointCount(0, current.length()), 0, added.toString());
            tx.commit();
        }
    }

    /**
     * Line breaks as the editor holds them: CodeMirror reads \r\n and \r as line breaks and keeps
     * "\n" only, so a \r in the document would put its positions and the browser's apart.
     */
    public static String normalizeLineBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

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
