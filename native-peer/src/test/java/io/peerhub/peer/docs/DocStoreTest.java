package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.automerge.Document;
import org.automerge.ObjectId;
import org.automerge.ObjectType;
import org.automerge.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocStoreTest {

    @TempDir
    Path dir;

    private static void write(Document doc, String text) {
        try (Transaction tx = doc.startTransaction()) {
            ObjectId t = tx.set(ObjectId.ROOT, "text", ObjectType.TEXT);
            tx.spliceText(t, 0, 0, text);
            tx.commit();
        }
    }

    @Test
    void a_changed_document_is_saved_whole_and_loads_again_and_nothing_is_left_half_written() throws Exception {
        try (DocStore store = new DocStore(dir)) {
            write(store.ensure("notes").orElseThrow(), "kept 👩‍👩‍👧");
            store.changed("notes");
            store.saveChanged();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("notes.automerge").noneMatch(n -> n.endsWith(".tmp"));
        }
        try (DocStore again = new DocStore(dir)) {
            assertThat(TextDocs.text(again.get("notes").orElseThrow())).isEqualTo("kept 👩‍👩‍👧");
        }
    }

    @Test
    void a_save_that_crashed_before_its_rename_leaves_the_old_file_and_its_temp_file_is_cleared() throws Exception {
        try (DocStore store = new DocStore(dir)) {
            write(store.ensure("notes").orElseThrow(), "old");
            store.changed("notes");
        }
        Files.write(dir.resolve("notes.automerge.tmp"), new byte[] {1, 2, 3}); // half a save
        Files.write(dir.resolve("junk.automerge"), new byte[] {9, 9, 9});     // not a document
        try (DocStore store = new DocStore(dir)) {
            assertThat(TextDocs.text(store.get("notes").orElseThrow())).isEqualTo("old");
            assertThat(store.get("junk")).isEmpty();
        }
        assertThat(dir.resolve("notes.automerge.tmp")).doesNotExist();
        assertThat(dir.resolve("junk.automerge")).exists(); // left alone for a human to look at
    }

    @Test
    void ids_that_are_not_document_ids_and_documents_past_the_limit_are_refused() {
        try (DocStore store = new DocStore(dir)) {
            assertThat(store.ensure("../etc/passwd")).isEmpty();
            for (int i = 0; i < DocsProtocol.MAX_DOCUMENTS; i++) {
                assertThat(store.ensure("d" + i)).isPresent();
            }
            assertThat(store.ensure("one-more")).isEmpty();
        }
    }

    @Test
    void a_read_only_store_touches_no_file() throws Exception {
        Files.write(dir.resolve("notes.automerge.tmp"), new byte[] {1});
        try (DocStore store = DocStore.readOnly(dir)) {
            store.ensure("x");
            store.changed("x");
        }
        assertThat(dir.resolve("notes.automerge.tmp")).exists();
        assertThat(dir.resolve("x.automerge")).doesNotExist();
    }
}
