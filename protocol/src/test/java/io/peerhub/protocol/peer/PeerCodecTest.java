package io.peerhub.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerCodecTest {

    final PeerCodec codec = new PeerCodec();

    byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void control_messages_round_trip() {
        String id = TransferIds.newId();
        List<PeerMessage> messages = List.of(
                Hello.of("Inbox", TransferIds.newId()),
                new ChatMessage("m1", "hello <b>there</b>", 1_700_000_000_000L),
                TransferAnswer.refused(id, RefusalReason.QUOTA, "full"),
                TransferAnswer.accepted(id, List.of(new Have(0, 42))),
                new TransferResume(id, List.of(new Have(1, 7))),
                new TransferCancel(id, CancelReason.GONE));
        for (PeerMessage m : messages) {
            assertThat(codec.decodeControl(codec.encodeUtf8(m), 16 * 1024)).isEqualTo(m);
        }
    }

    @Test
    void transfer_channel_messages_round_trip() {
        String sha = "a".repeat(64);
        for (PeerMessage m : List.of(new FileEnd(2, sha), new Ack(0, 1 << 20), new FileResult(1, false, sha), new TransferDone())) {
            assertThat(codec.decodeTransfer(codec.encodeUtf8(m))).isEqualTo(m);
        }
    }

    @Test
    void bad_messages_are_refused() {
        assertThatThrownBy(() -> codec.decodeControl(utf8("not json"), 16384)).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> codec.decodeControl(utf8("{\"type\":\"nope\"}"), 16384)).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> codec.decodeControl(utf8("{\"type\":\"hello\",\"v\":2,\"name\":\"x\"}"), 16384))
                .isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> codec.decodeControl(utf8("{\"type\":\"chat\",\"id\":\"1\",\"text\":\"\",\"ts\":1}"), 16384))
                .isInstanceOf(PeerProtocolException.class);
        String big = "{\"type\":\"chat\",\"id\":\"1\",\"text\":\"" + "x".repeat(17_000) + "\",\"ts\":1}";
        assertThatThrownBy(() -> codec.decodeControl(utf8(big), 262_144)).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> codec.decodeTransfer(utf8("{\"type\":\"file-end\",\"file\":0,\"sha256\":\"XYZ\"}")))
                .isInstanceOf(PeerProtocolException.class);
    }

    @Test
    void a_chunk_frame_header_reads_back() {
        ByteBuffer b = ByteBuffer.allocate(20);
        ChunkFrame.writeHeader(b, 7, (1L << 40) + 3);
        b.put(new byte[] {1, 2, 3});
        b.flip();
        ChunkFrame f = ChunkFrame.readHeader(b);
        assertThat(f).isEqualTo(new ChunkFrame(7, (1L << 40) + 3, 3));
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThatThrownBy(() -> ChunkFrame.readHeader(ByteBuffer.allocate(12))).isInstanceOf(PeerProtocolException.class);
    }
}
