package io.peerhub.peer.chat;

import io.peerhub.protocol.peer.ChatEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The kept history as text for people: one line per message, in history order. */
public final class ChatExport {

    private ChatExport() {}

    /** {@code 2026-12-02T17:03:00Z Amber Otter [If4x36FUomFia_hUBG_SJw]: text}, line breaks as {@code \n}. */
    public static String text(List<ChatEntry> entries) {
        StringBuilder out = new StringBuilder();
        for (ChatEntry e : entries.stream().sorted(ChatEntry.ORDER).toList()) {
            out.append(Instant.ofEpochMilli(e.ts()).truncatedTo(ChronoUnit.SECONDS)).append(' ')
                    .append(e.name()).append(" [").append(e.device()).append("]: ")
                    .append(plain(e.text())).append('\n');
        }
        return out.toString();
    }

    /** Bidi controls and line separators, which would reorder or break the line; emoji joiners stay. */
    private static boolean isBidiOrSeparator(int c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }

    /** One line, no terminal controls: a message cannot move the cursor or fake another line. */
    static String plain(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(c) || isBidiOrSeparator(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
