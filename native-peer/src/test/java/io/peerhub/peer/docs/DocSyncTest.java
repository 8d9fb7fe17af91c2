package io.peerhub.peer.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.peer.DocFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.automerge.Document;
import org.automerge.ObjectId;
import org.automerge.ObjectType;
import org.automerge.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocSyncTest {

    @TempDir
    Path tmp;

    /** Every frame any pipe carried: traffic that never settles shows here. */
    private final AtomicLong frames = new AtomicLong();

    /**
     * Connects two sync layers both ways, as a documents channel would: nothing is delivered
     * before both sides attached, as a data channel delivers nothing before it is open at both
     * ends (a frame that reached a side not yet attached was dropped, and the sync stalled).
     */
    private void connect(String aId, DocSync a, String bId, DocSync b, int frameBytes) {
        Pipe toB = new Pipe(aId, b, frameBytes);
        Pipe toA = new Pipe(bId, a, frameBytes);
        a.attach(bId, toB);
        b.attach(aId, toA);
        a.attached(); // runs after the attach on each side's documents thread
        b.attached();
        toB.open();
        toA.open();
    }

    /** A pipe delivering at once: the far side is never attached to it. */
    private Pipe openPipe(String fromId, DocSync to, int frameBytes) {
        Pipe pipe = new Pipe(fromId, to, frameBytes);
        pipe.open();
        return pipe;
    }

    private final class Pipe implements DocChannel {
        private final String fromId;
        private final DocSync to;
        private final int frameBytes;
        private final List<byte[]> pending = new java.util.ArrayList<>();
        private boolean open;

        Pipe(String fromId, DocSync to, int frameBytes) {
            this.fromId = fromId;
            this.to = to;
            this.frameBytes = frameBytes;
        }

        synchronized void open() {
            pending.forEach(frame -> to.receiveFrame(fromId, frame));
            pending.clear();
            open = true;
        }

        @Override
        public synchronized boolean sendBytes(byte[] frame) {
            frames.incrementAndGet();
            if (open) {
                to.receiveFrame(fromId, frame.clone());
            } else {
                pending.add(frame.clone());
            }
            return true;
        }

        @Override
        public int frameBytes() {
            return frameBytes;
        }
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
        first.attach("browser", openPipe("x", new DocSync(new DocStore(tmp.resolve("scratch"))), 65_536));
        for (byte[] frame : Fixtures.records("notes-frames.bin")) {
            first.receiveFrame("browser", frame);
        }
        first.flush();
        first.close();

        DocSync keeper = new DocSync(new DocStore(tmp.resolve("keep")));
        DocSync late = new DocSync(new DocStore(tmp.resolve("late")));
        connect("keeper", keeper, "late", late, 1_000);
        await().atMost(Duration.ofSeconds(30))
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
        keeper.attach("mallory", openPipe("keeper", new DocSync(new DocStore(tmp.resolve("m"))), 65_536));
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

    // ---- size caps ----

    /** Small caps, so that the tests fill documents in a few edits. */
    private static final DocLimits SMALL = new DocLimits(100, 150, 20_000, 40_000);
    /** No caps: the hostile (or modified) peer. */
    private static final DocLimits NONE = new DocLimits(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);

    /** Waits until no frame has crossed any pipe for half a second: the exchange settled. */
    private void settled() {
        AtomicLong last = new AtomicLong(-1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> last.getAndSet(frames.get()) == frames.get());
    }

    private static Optional<DocLimits.Refusal> insert(DocSync sync, String docId, int at, String text) {
        return sync.edit(docId, d -> TextDocs.spliceUtf16(d, at, 0, text));
    }

    @Test
    void a_local_edit_past_the_document_cap_is_refused_and_leaves_the_document_as_it_was() {
        DocSync a = new DocSync(new DocStore(tmp.resolve("a")), SMALL);
        seed(a);
        assertThat(insert(a, "notes", 0, "x".repeat(100))).isEmpty();
        assertThat(insert(a, "notes", 100, "é")).get()
                .isEqualTo(new DocLimits.Refusal(DocLimits.Kind.DOCUMENT_TEXT, 100, 102));
        assertThat(text(a, "notes")).isEqualTo("x".repeat(100));
        assertThat(a.edit("notes", d -> TextDocs.spliceUtf16(d, 0, 10, ""))).isEmpty();
        assertThat(insert(a, "notes", 0, "😀😀")).isEmpty(); // 8 bytes: 98
        assertThat(text(a, "notes")).hasSize(94);
        a.close();
    }

    @Test
    void the_keeper_refuses_a_sync_past_the_document_cap_politely_and_the_rest_of_the_room_goes_on() {
        DocSync keeper = new DocSync(new DocStore(tmp.resolve("k")), SMALL);
        DocSync friend = new DocSync(new DocStore(tmp.resolve("f")), SMALL);
        DocSync mallory = new DocSync(new DocStore(tmp.resolve("m")), NONE);
        List<String> refused = new CopyOnWriteArrayList<>();
        keeper.onRefused((peer, docId, r) -> refused.add(peer + " " + docId + " " + r.kind()));
        seed(friend);
        insert(friend, "notes", 0, "agenda");
        connect("keeper", keeper, "friend", friend, 65_536);
        connect("keeper", keeper, "mallory", mallory, 65_536);
        connect("friend", friend, "mallory", mallory, 65_536);
        await().atMost(Duration.ofSeconds(10)).until(() -> "agenda".equals(text(mallory, "notes")));

        insert(mallory, "notes", 6, "z".repeat(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> refused.contains("mallory notes document text"));
        settled(); // no endless exchange of heads with the peer refused
        assertThat(text(keeper, "notes")).isEqualTo("agenda");
        assertThat(text(friend, "notes")).isEqualTo("agenda");

        // The keeper and the friend go on together; their edits coming back in Mallory's heads
        // are nothing new, so Mallory's refused changes are not asked for again.
        insert(friend, "notes", 6, ": ship");
        await().atMost(Duration.ofSeconds(10)).until(() -> "agenda: ship".equals(text(keeper, "notes")));
        settled();
        assertThat(refused).containsExactly("mallory notes document text");
        // Mallory's new changes are asked for afresh, measured, and refused again.
        insert(mallory, "notes", 0, "!");
        await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() == 2);
        settled();
        assertThat(refused).containsOnly("mallory notes document text");
        assertThat(text(keeper, "notes")).isEqualTo("agenda: ship");
        keeper.close();
        friend.close();
        mallory.close();
    }

    @Test
    void two_peers_whose_edits_together_pass_the_cap_keep_their_own_and_converge_once_there_is_room() {
        DocSync a = new DocSync(new DocStore(tmp.resolve("a")), SMALL);
        DocSync b = new DocSync(new DocStore(tmp.resolve("b")), SMALL);
        List<String> refused = new CopyOnWriteArrayList<>();
        a.onRefused((peer, docId, r) -> refused.add("a " + r.kind()));
        b.onRefused((peer, docId, r) -> refused.add("b " + r.kind()));
        seed(a);
        connect("a", a, "b", b, 65_536);
        await().atMost(Duration.ofSeconds(10)).until(() -> "".equals(text(b, "notes")));
        a.detach("b");
        b.detach("a");
        a.flush();
        b.flush();
        insert(a, "notes", 0, "a".repeat(60));
        insert(b, "notes", 0, "b".repeat(60));
        connect("a", a, "b", b, 65_536);
        // Known gap: when one side's first message already carries its changes, the other refuses
        // it and goes quiet before sending its own, so only one side sees a refusal (reproduced
        // with the CPU loaded). Each still keeps its own, and they converge once there is room.
        await().atMost(Duration.ofSeconds(30)).until(() -> !refused.isEmpty());
        settled();
        assertThat(text(a, "notes")).isEqualTo("a".repeat(60));
        assertThat(text(b, "notes")).isEqualTo("b".repeat(60));

        b.edit("notes", d -> TextDocs.spliceUtf16(d, 0, 40, "")); // b makes room
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(text(a, "notes")).hasSize(80).isEqualTo(text(b, "notes"));
        });
        a.close();
        b.close();
    }

    @Test
    void history_past_its_cap_is_refused_after_measuring_it_exactly_so_churn_stops_and_typing_does_not() {
        DocLimits limits = new DocLimits(1_000, 2_000, 3_000, 6_000);
        DocSync keeper = new DocSync(new DocStore(tmp.resolve("k")), limits);
        DocSync mallory = new DocSync(new DocStore(tmp.resolve("m")), NONE);
        List<String> refused = new CopyOnWriteArrayList<>();
        keeper.onRefused((peer, docId, r) -> refused.add(r.kind().toString()));
        seed(mallory);
        connect("keeper", keeper, "mallory", mallory, 65_536);
        // Typing key by key: the changes' own bytes add up past the cap, a save stays far below.
        for (int i = 0; i < 100; i++) {
            insert(mallory, "notes", i, "k");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> "k".repeat(100).equals(text(keeper, "notes")));
        assertThat(refused).isEmpty();
        // Churn: text that never stays, but every change of it does.
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 30 && refused.isEmpty(); i++) {
            StringBuilder junk = new StringBuilder();
            random.ints(500, 33, 123).forEach(c -> junk.append((char) c));
            mallory.edit("notes", d -> TextDocs.spliceUtf16(d, 0, TextDocs.text(d).length(), junk.toString()));
            keeper.flush();
            settled();
        }
        assertThat(refused).first().isEqualTo("document history");
        int saved = keeper.read("notes", d -> d.orElseThrow().save().length);
        assertThat(saved).isLessThanOrEqualTo(3_000);
        keeper.close();
        mallory.close();
    }
}
