package io.peerhub.peer.transfer.send;

import java.io.IOException;
import java.util.List;

/** The policy in force refuses files of a send: nothing was offered. {@link #refusals()} name each file and rule. */
public final class PolicyRefusedException extends IOException {

    private final List<String> refusals;
    private final String notice;

    PolicyRefusedException(List<String> refusals, String notice) {
        super(String.join("; ", refusals));
        this.refusals = List.copyOf(refusals);
        this.notice = notice;
    }

    public List<String> refusals() {
        return refusals;
    }

    /** The hub's notice (empty: none). */
    public String notice() {
        return notice;
    }
}
