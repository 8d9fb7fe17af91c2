package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * "Send me the history I lack": a summary of what the sender holds, one {@link Day} per UTC day
 * it has entries of. The receiver answers with {@link HistoryBatch} messages holding every entry
 * of each day whose count or digest differs from its own (days the sender did not list included).
 */
public record HistoryRequest(List<Day> days) implements PeerMessage {

    public static final String TYPE = "history-request";

    /** One day's entries: how many, and {@link HistoryDigest} of their ids in history order. */
    public record Day(long day, int count, String digest) {
        public Day {
            if (day < 0 || day > Transfers.MAX_SAFE_INTEGER / ChatProtocol.DAY_MILLIS) {
                throw new PeerProtocolException("history-request day must be a day since the epoch");
            }
            if (count < 1 || count > ChatProtocol.MAX_HISTORY_ENTRIES) {
                throw new PeerProtocolException("history-request count must be 1-" + ChatProtocol.MAX_HISTORY_ENTRIES);
            }
            if (digest == null || digest.length() != HistoryDigest.LENGTH) {
                throw new PeerProtocolException("history-request digest must be " + HistoryDigest.LENGTH + " base64url characters");
            }
        }

        static Day read(Fields in) {
            return new Day(in.count("day", Transfers.MAX_SAFE_INTEGER / ChatProtocol.DAY_MILLIS),
                    (int) in.count("count", ChatProtocol.MAX_HISTORY_ENTRIES),
                    in.canonicalBase64Url("digest", HistoryDigest.LENGTH));
        }
    }

    public HistoryRequest {
        days = List.copyOf(days);
        if (days.size() > ChatProtocol.MAX_HISTORY_DAYS) {
            throw new PeerProtocolException("history-request holds more than " + ChatProtocol.MAX_HISTORY_DAYS + " days");
        }
        Set<Long> seen = new HashSet<>();
        for (Day d : days) {
            if (!seen.add(d.day())) {
                throw new PeerProtocolException("history-request names a day twice");
            }
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        ArrayNode list = out.putArray("days");
        for (Day d : days) {
            list.addObject().put("day", d.day()).put("count", d.count()).put("digest", d.digest());
        }
    }

    static HistoryRequest read(Fields in) {
        return new HistoryRequest(in.list("days", Day::read));
    }
}
