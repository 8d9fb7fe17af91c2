package io.peerhub.peer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.peer.DocsProtocol;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocLimitsTest {

    private static final DocLimits LIMITS = new DocLimits(100, 250, 1_000, 2_500);

    @Test
    void text_is_measured_in_utf8_bytes_as_the_browser_measures_it() {
        for (String s : List.of("", "plain", "café", "e\u0301", "€", "👩‍👩‍👧", "🇫🇷 n\u0303 😀")) {
            assertThat(DocLimits.textBytes(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void growth_past_a_document_or_room_cap_is_refused_and_shrinking_never_is() {
        DocLimits.Size room = new DocLimits.Size(200, 1_500);
        DocLimits.Size before = new DocLimits.Size(10, 10);
        assertThat(LIMITS.refusal(before, new DocLimits.Size(101, 20), room)).get().extracting(DocLimits.Refusal::kind)
                .isEqualTo(DocLimits.Kind.DOCUMENT_TEXT);
        assertThat(LIMITS.refusal(before, new DocLimits.Size(61, 20), room)).get().extracting(DocLimits.Refusal::kind)
                .isEqualTo(DocLimits.Kind.ROOM_TEXT);
        assertThat(LIMITS.refusal(before, new DocLimits.Size(60, 20), room)).isEmpty();
        assertThat(LIMITS.refusal(before, new DocLimits.Size(10, 1_001), room)).get().extracting(DocLimits.Refusal::kind)
                .isEqualTo(DocLimits.Kind.DOCUMENT_HISTORY);
        assertThat(LIMITS.refusal(new DocLimits.Size(500, 500), new DocLimits.Size(400, 500), new DocLimits.Size(900, 900))).isEmpty();
    }

    @Test
    void a_refusal_is_said_in_the_browsers_words() {
        DocLimits.Refusal r = new DocLimits.Refusal(DocLimits.Kind.DOCUMENT_TEXT, DocsProtocol.MAX_DOC_TEXT_BYTES, 300_000);
        assertThat(r.describe("Notes")).isEqualTo("Notes is full: a document holds at most 256 KiB of text. Delete some to make room.");
        assertThat(new DocLimits.Refusal(DocLimits.Kind.ROOM_TEXT, DocsProtocol.MAX_ROOM_TEXT_BYTES, 1).describe("x"))
                .contains("at most 4 MiB of text");
    }

    @Test
    void the_heads_and_change_bytes_of_the_browsers_sync_messages_are_read_as_automerge_js_decodes_them() {
        // Expected values from @automerge/automerge 3.5.0's decodeSyncMessage on the same files.
        List<byte[]> notes = Fixtures.records("notes-sync.bin");
        String heads = "1e7f4ebf21f43fd6998cdfde092157f699dc93aa369d7e5d79ee05f18a0c2c72";
        assertThat(SyncMessages.read(notes.get(0))).isEqualTo(new SyncMessages.Summary(List.of(heads), 0));
        assertThat(SyncMessages.read(notes.get(1))).isEqualTo(new SyncMessages.Summary(List.of(heads), 379));
        List<byte[]> index = Fixtures.records("index-sync.bin");
        assertThat(SyncMessages.read(index.get(1)))
                .isEqualTo(new SyncMessages.Summary(List.of("9fb64fe9160b95b721f801582f988675d60b6cae4ea0bc658c620a5e83953de4"), 198));
        assertThat(SyncMessages.read(SyncMessages.RESTART)).isEqualTo(new SyncMessages.Summary(List.of(), 0));
        for (byte[] bad : List.of(new byte[0], new byte[] {0x42, 5}, HexFormat.of().parseHex("42ffffffffffffffffff7f"), new byte[] {7, 0, 0, 0, 0})) {
            assertThat(SyncMessages.read(bad)).isNull();
        }
    }
}
