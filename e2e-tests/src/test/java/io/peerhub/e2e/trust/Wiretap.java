package io.peerhub.e2e.trust;

import java.util.ArrayList;
import java.util.List;

/**
 * What the man in the middle read: every data-channel message that crossed it, in order, with
 * the channel's label and who sent it to whom (peer ids as signaling named them). Text is kept
 * whole (what a hostile operator would log); binary frames only by their size.
 *
 * <p>Written from the relay's forwarding threads, read by the test thread: every method locks.
 */
public final class Wiretap {

    /**
     * Far more than a story sends; a page that floods the relay must not fill the test's heap.
     * Past it, messages are still forwarded and only counted.
     */
    static final int MAX_RECORDS = 10_000;

    /** One message: {@code text} is null for a binary frame. */
    public record Tapped(String label, String from, String to, String text, int bytes) {
        public boolean binary() {
            return text == null;
        }
    }

    private final List<Tapped> records = new ArrayList<>();
    private long unrecorded;

    synchronized void text(String label, String from, String to, String text, int bytes) {
        add(new Tapped(label, from, to, text, bytes));
    }

    synchronized void binary(String label, String from, String to, int bytes) {
        add(new Tapped(label, from, to, null, bytes));
    }

    private void add(Tapped tapped) {
        if (records.size() < MAX_RECORDS) {
            records.add(tapped);
        } else {
            unrecorded++;
        }
    }

    public synchronized List<Tapped> all() {
        return List.copyOf(records);
    }

    /** Messages seen past {@link #MAX_RECORDS}, forwarded but not kept. */
    public synchronized long unrecorded() {
        return unrecorded;
    }

    /** Every text message that contains {@code fragment}, on any channel. */
    public synchronized List<Tapped> containing(String fragment) {
        List<Tapped> found = new ArrayList<>();
        for (Tapped t : records) {
            if (t.text() != null && t.text().contains(fragment)) {
                found.add(t);
            }
        }
        return found;
    }
}
