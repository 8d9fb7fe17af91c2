package io.peerhub.server.signaling;

/** Why a peer left its room, as written in the leave log line. */
public enum LeaveReason {
    /** The socket closed normally (1000 or 1001): a closed tab. */
    CLOSED("closed"),
    /** The client sent {@code leave}. */
    LEFT("left"),
    /** Nothing heard for the heartbeat timeout. */
    HEARTBEAT_TIMEOUT("heartbeat-timeout"),
    /** The socket dropped and the peer did not resume within the window. */
    RESUME_EXPIRED("resume-expired"),
    /** The socket dropped while its address had as many peers away as it may: no resume window. */
    AWAY_LIMIT("away-limit");

    private final String label;

    LeaveReason(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
