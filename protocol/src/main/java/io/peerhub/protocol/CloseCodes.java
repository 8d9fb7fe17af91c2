package io.peerhub.protocol;

/** WebSocket close codes with a meaning in the signaling protocol. */
public final class CloseCodes {

    /** Normal closure: the peer leaves at once. */
    public static final int NORMAL = 1000;
    /** Going away (a closed tab): the peer leaves at once, like {@link #NORMAL}. */
    public static final int GOING_AWAY = 1001;
    /** The client reads too slowly: its outbound queue overflowed. */
    public static final int POLICY_VIOLATION = 1008;
    /** A frame past the WebSocket layer's hard limit (1 MiB). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The server is shutting down or restarting: reconnect with backoff and resume. */
    public static final int SERVICE_RESTART = 1012;
    /** Nothing received for the heartbeat timeout (error {@code heartbeat-timeout}). */
    public static final int HEARTBEAT_TIMEOUT = 4008;
    /** The same peer resumed on another connection (error {@code replaced}). */
    public static final int REPLACED = 4009;
    /** The client's address has too many open connections (error {@code too-many-connections}); 429's cousin. */
    public static final int TOO_MANY_CONNECTIONS = 4029;

    /** Whether a close with this code means "I left on purpose" rather than "I lost the socket". */
    public static boolean isDeliberate(int code) {
        return code == NORMAL || code == GOING_AWAY;
    }

    private CloseCodes() {}
}
