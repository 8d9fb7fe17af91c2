package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Part of an answer to a {@link HistoryRequest}: entries in history order; {@code last} ends the
 * answer. Like a {@code transfer-offer} part it
 * may be as large as the channel's max message size (at most 256 KiB). One malformed entry drops
 * the whole message: an honest peer only relays entries it checked.
 */
public record HistoryBatch(List<ChatEntry> entries, boolean last) implements PeerMessage {

    public static final String TYPE = "history";

    public HistoryBatch {
        entries = List.copyOf(entries);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        ArrayNode list = out.putArray("entries");
        for (ChatEntry e : entries) {
            e.writeTo(list.addObject());
        }
        out.put("last", last);
    }

    static HistoryBatch read(Fields in) {
        return new HistoryBatch(in.list("entries", ChatEntry::read), in.bool("last"));
    }
}
