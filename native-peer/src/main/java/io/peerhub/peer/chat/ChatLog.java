package io.peerhub.peer.chat;

import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.peer.ChatProtocol;
import io.peerhub.protocol.peer.HistoryDigest;
import io.peerhub.protocol.peer.HistoryRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * A room's chat history as this peer keeps it (docs/protocol.md "Chat history"), the twin of the
 * browser's chat-log.ts: signed entries in the one order every peer uses, each once, within the
 * bounds (10,000 entries, 8 MiB as JSON, 30 days). Past a bound the device holding the most
 * entries loses its oldest first, so a peer that floods pushes out its own messages first.
 * Not thread-safe: {@link ChatHistory} holds its lock around every call.
 */
final class ChatLog {

    enum Added { ADDED, DUPLICATE, TOO_OLD, AHEAD }

    private final TreeSet<ChatEntry> entries = new TreeSet<>(ChatEntry.ORDER);
    private final Map<String, ChatEntry> byIdentity = new HashMap<>();
    private final Map<String, Integer> perDevice = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final ToIntFunction<ChatEntry> size;
    private final int maxEntries;
    private final long maxBytes;
    private long bytes;

    /** {@code size}: what an entry counts against the byte bound (its JSON in UTF-8). */
    ChatLog(ToIntFunction<ChatEntry> size) {
        this(size, ChatProtocol.MAX_HISTORY_ENTRIES, ChatProtocol.MAX_HISTORY_BYTES);
    }

    ChatLog(ToIntFunction<ChatEntry> size, int maxEntries, long maxBytes) {
        this.size = size;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    int size() {
        return entries.size();
    }

    List<ChatEntry> all() {
        return new ArrayList<>(entries);
    }

    boolean has(ChatEntry e) {
        return byIdentity.containsKey(e.identity());
    }

    /** Adds a checked entry (signature verified); {@code evicted} receives what the bounds pushed out. */
    Added add(ChatEntry e, long now, List<ChatEntry> evicted) {
        if (e.ts() > now + ChatProtocol.MAX_CLOCK_SKEW_MILLIS) {
            return Added.AHEAD;
        }
        if (e.ts() < now - ChatProtocol.MAX_HISTORY_AGE_MILLIS) {
            return Added.TOO_OLD;
        }
        if (byIdentity.containsKey(e.identity())) {
            return Added.DUPLICATE;
        }
        entries.add(e);
        byIdentity.put(e.identity(), e);
        perDevice.merge(e.device(), 1, Integer::sum);
        int n = size.applyAsInt(e);
        sizes.put(e.identity(), n);
        bytes += n;
        enforce(now, evicted);
        return byIdentity.containsKey(e.identity()) ? Added.ADDED : Added.TOO_OLD;
    }

    /** The summary a {@code history-request} carries. */
    List<HistoryRequest.Day> days() {
        List<HistoryRequest.Day> out = new ArrayList<>();
        byDay().forEach((day, list) -> out.add(new HistoryRequest.Day(day, list.size(), HistoryDigest.of(list))));
        return out;
    }

    /** What a peer that sent {@code days} lacks: every entry of each day whose count or digest differs. */
    List<ChatEntry> missingFrom(List<HistoryRequest.Day> days) {
        Map<Long, HistoryRequest.Day> theirs = new HashMap<>();
        days.forEach(d -> theirs.put(d.day(), d));
        List<ChatEntry> out = new ArrayList<>();
        byDay().forEach((day, list) -> {
            HistoryRequest.Day other = theirs.get(day);
            if (other == null || other.count() != list.size() || !other.digest().equals(HistoryDigest.of(list))) {
                out.addAll(list);
            }
        });
        return out;
    }

    private Map<Long, List<ChatEntry>> byDay() {
        Map<Long, List<ChatEntry>> out = new LinkedHashMap<>();
        for (ChatEntry e : entries) {
            out.computeIfAbsent(e.day(), d -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private void enforce(long now, List<ChatEntry> evicted) {
        while (!entries.isEmpty() && entries.first().ts() < now - ChatProtocol.MAX_HISTORY_AGE_MILLIS) {
            evicted.add(remove(entries.first()));
        }
        while (entries.size() > maxEntries || bytes > maxBytes) {
            String flooder = null;
            int most = 0;
            for (Map.Entry<String, Integer> d : perDevice.entrySet()) {
                if (d.getValue() > most) {
                    flooder = d.getKey();
                    most = d.getValue();
                }
            }
            for (ChatEntry e : entries) {
                if (e.device().equals(flooder)) {
                    evicted.add(remove(e));
                    break;
                }
            }
        }
    }

    private ChatEntry remove(ChatEntry e) {
        entries.remove(e);
        byIdentity.remove(e.identity());
        perDevice.computeIfPresent(e.device(), (d, n) -> n == 1 ? null : n - 1);
        Integer n = sizes.remove(e.identity());
        bytes -= n == null ? 0 : n;
        return e;
    }
}
