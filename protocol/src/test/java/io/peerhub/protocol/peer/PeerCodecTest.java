package io.peerhub.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages this side writes read back as themselves; what is read or dropped is in protocol/vectors. */
class PeerCodecTest {

    final PeerCodec codec = new PeerCodec();

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
}
