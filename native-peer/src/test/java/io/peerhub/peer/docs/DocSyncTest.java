package io.peerhub.peer.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.peer.DocFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.automerge.Document;
import org.automerge.ObjectId;
import org.automerge.ObjectType;
import org.automerge.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocSyncTest {

    @TempDir
    Path tmp;

    /** Connects two sync layers both ways, as a documents channel would. */
    private static void connect(String aId, DocSync a, String bId, DocSync b, int frameBytes) {
        a.attach(bId, pipe(aId, b, frameBytes));
        b.attach(aId, pipe(bId, a, frameBytes));
    }

    private static DocChannel pipe(String fromId, DocSync to, int frameBytes) {
        return new DocChannel() {
            @Override
            public boolean sendBytes(byte[] frame) {
                to.receiveFrame(fromId, frame.clone());
                return true;
            }

            @Override
            public int frameBytes() {
                return frameBytes;
            }
        };
    }

    private static String text(DocSync sync, String docId) {
        return sync.read(docId, d -> d.map(TextDocs::text).orElse(null));
    }

    /** Seeds "notes" with a text object, as a browser's first change would. */
    private static void seed(DocSync sync) {
        sync.edit("notes", doc -> {
            try (Transaction tx = doc.startTransaction()) {
                tx.set(ObjectId.ROOT, "text", ObjectType.TEXT);
                tx.commit();
            }
        });
    }

    @Test
    void the_browsers_frames_fill_the_java_store_and_are_saved_atomically_to_disk() throws Exception {
        DocStore store = new DocStore(tmp);
        DocSync java = new DocSync(store);
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        java.attach("browser", new DocChannel() {
            @Override
            public boolean sendBytes(byte[] frame) {
                sent.add(frame);
                return true;
            }

            @Override
            public int frameBytes() {
                return 65_536;
            }
        });
        for (byte[] frame : Fixtures.records("notes-frames.bin")) {
            java.receiveFrame("browser", frame);
        }
        java.flush();
        assertThat(text(java, "notes")).isEqualTo(Fixtures.text("notes.txt"));
        assertThat(sent).isNotEmpty(); // Java answered (its own sync messages)
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(tmp.resolve("notes.automerge")));
        java.close();

        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        Document reloaded = Document.load(Files.readAllBytes(tmp.resolve("notes.automerge")));
        assertThat(TextDocs.text(reloaded)).isEqualTo(Fixtures.text("notes.txt"));
        reloaded.free();
    }

    @Test
    void a_later_peer_gets_the_kept_documents_after_a_restart() throws Exception {
        DocSync first = new DocSync(new DocStore(tmp.resolve("keep")));
        for (byte[] frame : Fixtures.records("notes-frames.bin")) {
            first.receiveFrame("ghost", frame); // not attached: ignored
        }
        first.attach("browser", pipe("x", new DocSync(new DocStore(tmp.resolve("scratch"))), 65_536));
        for (byte[] frame : Fixtures.records("notes-frames.bin")) {
            first.receiveFrame("browser", frame);
        }
        first.flush();
        first.close();

        DocSync keeper = new DocSync(new DocStore(tmp.resolve("keep")));
        DocSync late = new DocSync(new DocStore(tmp.resolve("late")));
        connect("keeper", keeper, "late", late, 1_000);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Fixtures.text("notes.txt").equals(text(late, "notes")));
        keeper.close();
        late.close();
    }

    @Test
    void concurrent_edits_with_emoji_from_two_java_peers_converge_to_the_same_text() {
        DocSync a = new DocSync(new DocStore(tmp.resolve("a")));
        DocSync b = new DocSync(new DocStore(tmp.resolve("b")));
        seed(a);
        connect("a", a, "b", b, 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> "".equals(text(b, "notes")));
        for (int i = 0; i < 20; i++) {
            a.edit("notes", d -> TextDocs.spliceUtf16(d, 0, 0, "😀"));
            b.edit("notes", d -> TextDocs.spliceUtf16(d, TextDocs.text(d).length(), 0, "e\u0301"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String ta = text(a, "notes");
            return ta.length() == 80 && ta.equals(text(b, "notes"));
        });
        a.close();
        b.close();
    }

    @Test
    void hostile_input_is_dropped_with_a_reason_and_sync_with_others_goes_on() {
        DocSync keeper = new DocSync(new DocStore(tmp.resolve("k")));
        DocSync friend = new DocSync(new DocStore(tmp.resolve("f")));
        List<String> dropped = new CopyOnWriteArrayList<>();
        keeper.onDropped((peer, reason) -> dropped.add(peer + ": " + reason));
        seed(friend);
        friend.edit("notes", d -> TextDocs.spliceUtf16(d, 0, 0, "before"));
        connect("keeper", keeper, "friend", friend, 65_536);
        keeper.attach("mallory", pipe("keeper", new DocSync(new DocStore(tmp.resolve("m"))), 65_536));
        await().atMost(Duration.ofSeconds(5)).until(() -> "before".equals(text(keeper, "notes")));

        keeper.receiveFrame("mallory", new byte[] {1, 2, 3});
        for (byte[] frame : DocFrames.frame("notes", new byte[] {0x42, 1, 2, 3, 4, 5}, 65_536)) {
            keeper.receiveFrame("mallory", frame);
        }
        byte[] huge = DocFrames.frame("notes", new byte[1000], 65_536).get(0);
        java.nio.ByteBuffer.wrap(huge).putInt(2 + 5, 1 << 30); // announces a 1 GiB message
        keeper.receiveFrame("mallory", huge);
        keeper.flush();

        assertThat(dropped).hasSize(3).allMatch(d -> d.startsWith("mallory: "));
        assertThat(text(keeper, "notes")).isEqualTo("before");
        friend.edit("notes", d -> TextDocs.spliceUtf16(d, 6, 0, " and after"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "before and after".equals(text(keeper, "notes")));
        keeper.close();
        friend.close();
    }
}
