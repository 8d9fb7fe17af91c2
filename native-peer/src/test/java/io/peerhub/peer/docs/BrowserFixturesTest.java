package io.peerhub.peer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.peer.DocFrames;
import io.peerhub.protocol.peer.Reassembler;
import java.util.List;
import org.automerge.Document;
import org.automerge.SyncState;
import org.junit.jupiter.api.Test;

/** The Java side against real Automerge output of the browser build (see make-fixtures.mjs). */
class BrowserFixturesTest {

    @Test
    void the_browsers_sync_messages_fill_an_empty_java_document_with_exactly_its_text() {
        Document doc = new Document();
        SyncState state = new SyncState();
        try {
            for (byte[] message : Fixtures.records("notes-sync.bin")) {
                doc.receiveSyncMessage(state, message);
                doc.generateSyncMessage(state); // what Java would answer; the browser's next message does not depend on it here
            }
            assertThat(TextDocs.text(doc)).isEqualTo(Fixtures.text("notes.txt"));
        } finally {
            state.free();
            doc.free();
        }
    }

    @Test
    void a_document_the_browser_saved_loads_in_java_with_identical_text() {
        Document doc = Document.load(Fixtures.bytes("notes.automerge"));
        try {
            assertThat(TextDocs.text(doc)).isEqualTo(Fixtures.text("notes.txt")).contains("👩‍👩‍👧", "e\u0301", "🧑🏽‍💻");
        } finally {
            doc.free();
        }
    }

    @Test
    void frames_made_in_java_are_byte_for_byte_the_browsers_and_reassemble_to_its_messages() {
        List<byte[]> messages = Fixtures.records("notes-sync.bin");
        List<byte[]> browserFrames = Fixtures.records("notes-frames.bin");
        List<byte[]> javaFrames = messages.stream().flatMap(m -> DocFrames.frame("notes", m, 300).stream()).toList();
        assertThat(javaFrames).hasSameSizeAs(browserFrames);
        for (int i = 0; i < javaFrames.size(); i++) {
            assertThat(javaFrames.get(i)).as("frame %d", i).isEqualTo(browserFrames.get(i));
        }
        Reassembler r = new Reassembler();
        List<byte[]> whole = browserFrames.stream().map(r::push)
                .filter(Reassembler.Message.class::isInstance).map(m -> ((Reassembler.Message) m).message()).toList();
        assertThat(whole).hasSameSizeAs(messages);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(whole.get(i)).isEqualTo(messages.get(i));
        }
    }

    @Test
    void the_browsers_index_lists_its_documents_and_notes() {
        Document index = new Document();
        SyncState state = new SyncState();
        try {
            for (byte[] message : Fixtures.records("index-sync.bin")) {
                index.receiveSyncMessage(state, message);
                index.generateSyncMessage(state);
            }
            assertThat(TextDocs.titles(index)).containsEntry("plan", "Plan 📋").containsEntry("notes", "Notes");
        } finally {
            state.free();
            index.free();
        }
    }

    @Test
    void java_edits_at_browser_positions_land_where_the_browser_meant_around_emoji_and_combining_marks() {
        Document doc = Document.load(Fixtures.bytes("notes.automerge"));
        try {
            String before = TextDocs.text(doc);
            // After the family emoji (8 UTF-16 units, 5 code points): the browser's offset.
            int afterFamily = before.indexOf("👩‍👩‍👧") + "👩‍👩‍👧".length();
            TextDocs.spliceUtf16(doc, afterFamily, 0, "|");
            // Delete "e\u0301" (2 UTF-16 units), insert "é" precomposed.
            String mid = TextDocs.text(doc);
            int e = mid.indexOf("e\u0301");
            TextDocs.spliceUtf16(doc, e, 2, "é");
            String expected = before.substring(0, afterFamily) + "|" + before.substring(afterFamily);
            expected = expected.replace("e\u0301", "é");
            assertThat(TextDocs.text(doc)).isEqualTo(expected);
        } finally {
            doc.free();
        }
    }
}
