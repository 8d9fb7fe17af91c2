package io.peerhub.server.hostile;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What hostile clients sent and what the server answered, by kind: frames sent by mutation, answers
 * by message type or error code ({@code error internal} is the one that must stay 0), close codes,
 * HTTP statuses of upgrades.
 */
final class Tally {

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z-]{1,40})\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z-]{1,40})\"");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();

    void sent(String kind) {
        sent.increment();
        count("sent " + kind);
    }

    long sent() {
        return sent.sum();
    }

    void count(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** One text frame from the server: counted by its type, and an error by its code. */
    void answer(String frame) {
        Matcher type = TYPE.matcher(frame);
        String t = type.find() ? type.group(1) : "?";
        if (t.equals("error")) {
            Matcher code = CODE.matcher(frame);
            count("error " + (code.find() ? code.group(1) : "?"));
        } else {
            count("answer " + t);
        }
    }

    long get(String what) {
        LongAdder a = counts.get(what);
        return a == null ? 0 : a.sum();
    }

    /** Every count whose key starts with {@code prefix}, in key order. */
    Map<String, Long> starting(String prefix) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.sum());
            }
        });
        return out;
    }
}
