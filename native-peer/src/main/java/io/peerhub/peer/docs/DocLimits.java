package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.util.Optional;

/**
 * How big documents may grow (docs/protocol.md "Size caps"), as the browser's
 * web-client/src/docs/doc-limits.ts judges it: a document's text (UTF-8 bytes) and its saved
 * history, each capped per document and for the whole room. A change that does not make a
 * measure grow is never refused, so a document over a cap can always be made smaller.
 */
public record DocLimits(long docText, long roomText, long docSaved, long roomSaved) {

    public static final DocLimits PROTOCOL = new DocLimits(DocsProtocol.MAX_DOC_TEXT_BYTES,
            DocsProtocol.MAX_ROOM_TEXT_BYTES, DocsProtocol.MAX_DOC_SAVED_BYTES, DocsProtocol.MAX_ROOM_SAVED_BYTES);

    /** A document's measures: its text in UTF-8 bytes (0 for the index) and its saved size. */
    public record Size(long text, long saved) {
        static final Size EMPTY = new Size(0, 0);
    }

    public enum Kind {
        DOCUMENT_TEXT("document text"), ROOM_TEXT("room text"), DOCUMENT_HISTORY("document history"),
        ROOM_HISTORY("room history");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        boolean history() {
            return this == DOCUMENT_HISTORY || this == ROOM_HISTORY;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** Which cap a growth would pass: the cap and what the measure would have become, in bytes. */
    public record Refusal(Kind kind, long cap, long size) {

        /** For people: what is full, and what to do about it (the browser's words). */
        public String describe(String title) {
            String c = formatBytes(cap);
            return switch (kind) {
                case DOCUMENT_TEXT -> title + " is full: a document holds at most " + c + " of text. Delete some to make room.";
                case ROOM_TEXT -> "The room's documents are full: together they hold at most " + c + " of text. Delete some to make room.";
                case DOCUMENT_HISTORY -> title + " is full: its history has reached " + c + ". Copy its text into a new document to go on.";
                case ROOM_HISTORY -> "The room's documents are full: their histories have reached " + c + " in all.";
            };
        }
    }

    /**
     * Whether a document may go from {@code before} to {@code after} in a room whose documents
     * measure {@code room} in all ({@code before} included): the first cap it would pass.
     */
    public Optional<Refusal> refusal(Size before, Size after, Size room) {
        if (after.text() > before.text()) {
            if (after.text() > docText) {
                return Optional.of(new Refusal(Kind.DOCUMENT_TEXT, docText, after.text()));
            }
            long total = room.text() - before.text() + after.text();
            if (total > roomText) {
                return Optional.of(new Refusal(Kind.ROOM_TEXT, roomText, total));
            }
        }
        if (after.saved() > before.saved()) {
            if (after.saved() > docSaved) {
                return Optional.of(new Refusal(Kind.DOCUMENT_HISTORY, docSaved, after.saved()));
            }
            long total = room.saved() - before.saved() + after.saved();
            if (total > roomSaved) {
                return Optional.of(new Refusal(Kind.ROOM_HISTORY, roomSaved, total));
            }
        }
        return Optional.empty();
    }

    /**
     * UTF-8 bytes of a string, counted unit by unit (a surrogate counts 2, a pair 4) as the
     * browser counts them; for well-formed text it is the UTF-8 length.
     */
    public static long textBytes(String text) {
        long n = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }

    /** 262144 → "256 KiB", 4194304 → "4 MiB". */
    static String formatBytes(long bytes) {
        double value;
        String unit;
        if (bytes >= 1024 * 1024) {
            value = bytes / (1024.0 * 1024);
            unit = "MiB";
        } else if (bytes >= 1024) {
            value = bytes / 1024.0;
            unit = "KiB";
        } else {
            return bytes + " bytes";
        }
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value)) + " " + unit;
    }
}
