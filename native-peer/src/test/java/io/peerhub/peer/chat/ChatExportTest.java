package io.peerhub.peer.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.protocol.peer.ChatEntry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatExportTest {

    @TempDir
    Path dir;

    @Test
    void each_message_is_one_line_in_history_order_with_emoji_kept_and_controls_shown_escaped() throws Exception {
        DeviceIdentity ann = DeviceIdentity.generate();
        String room = "o86ffQSkUVQU6OHvHw68OQ";
        ChatEntry later = ann.signChat(room, "b", 1_700_000_060_000L, "Ann", "family 👩‍👩‍👧");
        ChatEntry first = ann.signChat(room, "a", 1_700_000_000_000L, "Ann", "two\nlines \u001b[31mred\u202e");
        ChatFile file = new ChatFile(dir.resolve(ChatFile.NAME));
        file.save(List.of(later, first));

        String text = ChatExport.text(file.load());

        assertThat(text).isEqualTo(
                "2023-11-14T22:13:20Z Ann [" + ann.deviceId() + "]: two\\nlines \\u001b[31mred\\u202e\n"
                + "2023-11-14T22:14:20Z Ann [" + ann.deviceId() + "]: family 👩‍👩‍👧\n");
        assertThat(file.load()).allMatch(e -> e.signatureHolds(room));
    }
}
