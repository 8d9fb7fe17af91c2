package io.peerhub.protocol.peer;

import io.peerhub.protocol.DisplayName;
import java.util.regex.Pattern;

/**
 * The documents channel's constants, exactly as docs/protocol.md ("Documents") and the browser's
 * web-client/src/protocol/docs.ts state them.
 */
public final class DocsProtocol {

    /** Opened by the peer whose id sorts lower, once the control channel is open. */
    public static final String CHANNEL_LABEL = "peerhub-docs";
    public static final String INDEX_DOC_ID = "index";
    public static final String NOTES_DOC_ID = "notes";
    public static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Documents a room holds besides the index: beyond that a peer is flooding, not writing. */
    public static final int MAX_DOCUMENTS = 100;
    /**
     * One reassembled sync message at most. Automerge Java sends changes uncompressed (10,000
     * changes are ~1.2 MB), so 32 MiB is far above real documents and bounds what one peer can
     * make us buffer (one message per peer at a time).
     */
    public static final int MAX_SYNC_MESSAGE_BYTES = 32 * 1024 * 1024;
    /** Frames are cut to the channel's max message size, never above this (as file chunks). */
    public static final int MAX_FRAME_BYTES = Transfers.MAX_FRAME_BYTES;
    public static final int MAX_CURSOR_MESSAGE_BYTES = 1_024;
    /** A title is shown in everyone's list of documents: bounded like a display name. */
    public static final int MAX_TITLE_CODE_POINTS = 100;
    /**
     * A text document's text, in UTF-8 bytes. Merging one remote keystroke costs Automerge JS time
     * in proportion to the text (~70 ms at 256 KiB, ~1 s at 1 MiB on the 2-core test machine), so a
     * document stays pleasant to co-edit up to about this (~40,000 words). Every peer refuses an
     * edit or sync message that would take a document past a cap (docs/protocol.md "Size caps").
     */
    public static final int MAX_DOC_TEXT_BYTES = 256 * 1024;
    /** All the room's text documents together: sixteen full ones. */
    public static final int MAX_ROOM_TEXT_BYTES = 4 * 1024 * 1024;
    /**
     * A document's history as Automerge saves it (every change, compressed; deleting text frees
     * none). Typing costs a few bytes a keystroke once saved; this stops a peer that churns text.
     */
    public static final int MAX_DOC_SAVED_BYTES = 4 * 1024 * 1024;
    public static final int MAX_ROOM_SAVED_BYTES = 32 * 1024 * 1024;
    public static final byte FRAME_KIND_SYNC = 1;
    /** kind (1) + id length (1) + total (4) + offset (4), plus the id itself. */
    public static final int FRAME_FIXED_HEADER_BYTES = 10;

    private DocsProtocol() {}

    public static boolean isDocId(String id) {
        return id != null && DOC_ID.matcher(id).matches();
    }

    /**
     * A document title as it is shown: trimmed like a display name, 1 to
     * {@link #MAX_TITLE_CODE_POINTS} code points, no invisible characters (the display-name rule,
     * {@link DisplayName#isVisibleText}); null when {@code raw} is no title, and the entry is then
     * not listed.
     */
    public static String title(String raw) {
        String t = DisplayName.normalize(raw);
        if (t == null || t.isEmpty() || t.codePointCount(0, t.length()) > MAX_TITLE_CODE_POINTS
                || !DisplayName.isVisibleText(t)) {
            return null;
        }
        return t;
    }
}
