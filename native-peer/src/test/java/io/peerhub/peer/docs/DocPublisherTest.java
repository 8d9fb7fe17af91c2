package io.peerhub.peer.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.peer.DocsProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.automerge.Cursor;
import org.automerge.Document;
import org.automerge.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doc command's edits, between a publishing peer and a peer already in the room (pipes, no network). */
class DocPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private DocSync room;
    private DocSync mine;
    private DocPublisher publisher;

    /** Frames wait until both ends are attached, as a data channel delivers nothing before it opens. */
    private final CountDownLatch open = new CountDownLatch(1);
    private final ExecutorService wires = Executors.newSingleThreadExecutor();

    @BeforeEach
    void connect() {
        room = new DocSync(new DocStore(tmp.resolve("room")));
        mine = new DocSync(new DocStore(tmp.resolve("mine")));
        room.attach("mine", pipe("room", mine));
        mine.attach("room", pipe("mine", room));
        room.flush();
        mine.flush();
        open.countDown();
        publisher = new DocPublisher(mine);
    }

    @AfterEach
    void close() {
        wires.shutdownNow();
        room.close();
        mine.close();
    }

    private DocChannel pipe(String fromId, DocSync to) {
        return new DocChannel() {
            @Override
            public boolean sendBytes(byte[] frame) {
                byte[] copy = frame.clone();
                wires.execute(() -> {
                    try {
                        open.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    to.receiveFrame(fromId, copy);
                });
                return true;
            }

            @Override
            public int frameBytes() {
                return 16_384;
            }
        };
    }

    private String roomText(String title) {
        String id = new DocPublisher(room).find(title).orElseThrow();
        return room.read(id, d -> d.map(TextDocs::text).orElse(null));
    }

    @Test
    void the_seed_is_the_browsers_byte_for_byte_and_gives_text_the_browsers_id() {
        assertThat(TextDocs.SEED).isEqualTo(Fixtures.bytes("seed.change"));
        Document doc = new Document();
        TextDocs.ensureSeeded(doc);
        assertThat(HexFormat.of().formatHex(doc.getHeads()[0].getBytes()))
                .isEqualTo("d7776c7c30d635c598d653f66d70e450be4ef3cee792255b58e8a7e4cc0fe88f");
        assertThat(TextDocs.text(doc)).isEmpty();
        doc.free();
    }

    @Test
    void a_file_imported_under_a_new_title_is_a_new_listed_document_the_room_gets_whole() throws Exception {
        assertThat(publisher.awaitRoom(WAIT)).isTrue();
        String text = "Release notes\r\n- café 👩‍👩‍👧\r\n- e\u0301 done\n";
        DocPublisher.Outcome outcome = publisher.importText("Release notes", text, false, WAIT);
        assertThat(outcome).isInstanceOf(DocPublisher.Outcome.Done.class);
        DocPublisher.Outcome.Done done = (DocPublisher.Outcome.Done) outcome;
        assertThat(done.created()).isTrue();
        assertThat(done.docId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(publisher.awaitSynced(done.docId(), WAIT)).isTrue();
        // Line breaks as the editor holds them.
        assertThat(roomText("Release notes")).isEqualTo("Release notes\n- café 👩‍👩‍👧\n- e\u0301 done\n");
        List<TextDocs.Listing> listed = room.read(DocsProtocol.INDEX_DOC_ID, i -> TextDocs.listing(i.orElseThrow()));
        assertThat(listed).containsExactly(new TextDocs.Listing("notes", "Notes"), new TextDocs.Listing(done.docId(), "Release notes"));
    }

    @Test
    void a_document_with_text_is_replaced_only_with_replace_and_only_where_it_differs() throws Exception {
        room.edit("notes", d -> {
            TextDocs.ensureSeeded(d);
            TextDocs.spliceUtf16(d, 0, 0, "keep this line\nold status\nkeep that line\n");
        });
        assertThat(publisher.awaitRoom(WAIT)).isTrue();
        assertThat(publisher.importText("Notes", "new", false, WAIT)).isEqualTo(new DocPublisher.Outcome.HasText("notes"));
        // Someone in the room sits on "that": a cursor on its "t" follows its character.
        Cursor onThat = room.read("notes", d -> {
            String t = TextDocs.text(d.orElseThrow());
            return d.get().makeCursor(TextDocs.textObject(d.get()).orElseThrow(), t.indexOf("that"));
        });
        DocPublisher.Outcome outcome = publisher.importText("Notes", "keep this line\nnew status: 😀\nkeep that line\n", true, WAIT);
        assertThat(outcome).isEqualTo(new DocPublisher.Outcome.Done("notes", false));
        assertThat(publisher.awaitSynced("notes", WAIT)).isTrue();
        assertThat(roomText("Notes")).isEqualTo("keep this line\nnew status: 😀\nkeep that line\n");
        long at = room.read("notes", d -> d.orElseThrow().lookupCursorIndex(TextDocs.textObject(d.get()).orElseThrow(), onThat));
        assertThat(roomText("Notes").codePoints().skip(at).limit(4).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString()).isEqualTo("that");
    }

    @Test
    void lines_appended_while_someone_types_at_the_end_go_in_whole_after_a_line_break_and_interleave_nothing() throws Exception {
        room.edit("notes", d -> {
            TextDocs.ensureSeeded(d);
            TextDocs.spliceUtf16(d, 0, 0, "log:");
        });
        assertThat(publisher.awaitRoom(WAIT)).isTrue();
        publisher.awaitSynced("notes", WAIT);
        // The room's typist keeps a caret after its own last character, as the browser does.
        String typed = " typed by hand";
        Cursor[] caret = new Cursor[1];
        for (int i = 0; i < typed.length(); i++) {
            String key = typed.substring(i, i + 1);
            room.edit("notes", d -> {
                ObjectId text = TextDocs.textObject(d).orElseThrow();
                long at = caret[0] == null ? d.length(text) : d.lookupCursorIndex(text, caret[0]) + 1;
                TextDocs.spliceUtf16(d, TextDocs.text(d).offsetByCodePoints(0, (int) at), 0, key);
                caret[0] = d.makeCursor(text, at);
            });
            if (i == 3) {
                assertThat(publisher.append("Notes", List.of("build 42 passed", "deployed"), WAIT))
                        .isEqualTo(new DocPublisher.Outcome.Done("notes", false));
            }
        }
        await().atMost(WAIT).until(() -> roomText("Notes").equals(publisher.text("notes")));
        // The lines went in as one piece where the text ended for the publisher; the typist's
        // keys that crossed them on the way carry on after them, in one run: nothing interleaves.
        String block = "\nbuild 42 passed\ndeployed\n";
        assertThat(roomText("Notes")).contains(block);
        assertThat(roomText("Notes").replace(block, "")).isEqualTo("log: typed by hand");
    }

    @Test
    void a_text_past_the_document_cap_is_refused_and_nothing_is_listed() throws Exception {
        assertThat(publisher.awaitRoom(WAIT)).isTrue();
        DocPublisher.Outcome outcome = publisher.importText("Too big", "x".repeat(DocsProtocol.MAX_DOC_TEXT_BYTES + 1), false, WAIT);
        assertThat(outcome).isInstanceOf(DocPublisher.Outcome.Full.class);
        assertThat(((DocPublisher.Outcome.Full) outcome).refusal().kind()).isEqualTo(DocLimits.Kind.DOCUMENT_TEXT);
        assertThat(publisher.find("Too big")).isEmpty();
        assertThat(publisher.importText("Fits", "x".repeat(DocsProtocol.MAX_DOC_TEXT_BYTES), false, WAIT))
                .isInstanceOf(DocPublisher.Outcome.Done.class);
    }
}
