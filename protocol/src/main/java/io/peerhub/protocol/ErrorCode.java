package io.peerhub.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The stable, machine-readable error codes of the signaling protocol. */
public enum ErrorCode {
    BAD_JSON("bad-json"),
    UNKNOWN_TYPE("unknown-type"),
    BAD_FIELD("bad-field"),
    TOO_LARGE("too-large"),
    UNSUPPORTED_VERSION("unsupported-version"),
    BAD_ROOM("bad-room"),
    /** The join's admission proof is missing, malformed, or not the one its room id is the hash of. */
    BAD_PROOF("bad-proof"),
    /** Too many wrong proofs from this address lately: joins are refused for the rest of the minute. */
    PROOF_THROTTLED("proof-throttled"),
    BAD_NAME("bad-name"),
    NAME_TOO_LONG("name-too-long"),
    ROOM_FULL("room-full"),
    NOT_JOINED("not-joined"),
    ALREADY_JOINED("already-joined"),
    UNKNOWN_PEER("unknown-peer"),
    /**
     * A signal to a peer served by another node that cannot be reached (the store is down, or no
     * node listens for that peer), or that left that node meanwhile. The sender hears of it rather
     * than waiting for an answer that cannot come.
     */
    UNDELIVERABLE("undeliverable"),
    /** A signal to an away peer beyond what the server holds: that peer's bound or the node's. */
    AWAY_FULL("away-full"),
    RATE_LIMITED("rate-limited"),
    /** The client's address already has as many open connections as the server allows. */
    TOO_MANY_CONNECTIONS("too-many-connections", CloseCodes.TOO_MANY_CONNECTIONS),
    /** The client's address sent more joins in the last minute than the server allows. */
    TOO_MANY_JOINS("too-many-joins"),
    /** The connection asked for fresh ICE servers more often than {@link Protocol#ICE_RENEW_BURST} allows. */
    TOO_MANY_RENEWALS("too-many-renewals"),
    HEARTBEAT_TIMEOUT("heartbeat-timeout", CloseCodes.HEARTBEAT_TIMEOUT),
    REPLACED("replaced", CloseCodes.REPLACED),
    /** The node is shutting down: reconnect (to another node of {@code welcome.servers}) and resume. */
    DRAINING("draining", CloseCodes.SERVICE_RESTART),
    INTERNAL("internal");

    private static final Map<String, ErrorCode> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::wire, Function.identity()));

    private final String wire;
    private final int closeCode;

    ErrorCode(String wire) {
        this(wire, 0);
    }

    ErrorCode(String wire, int closeCode) {
        this.wire = wire;
        this.closeCode = closeCode;
    }

    /** The code as written on the wire, e.g. {@code bad-json}. */
    public String wire() {
        return wire;
    }

    /** Whether the server closes the connection after sending this error. */
    public boolean closesConnection() {
        return closeCode != 0;
    }

    /** The WebSocket close code that follows this error, or 0 when the connection stays open. */
    public int closeCode() {
        return closeCode;
    }

    public static Optional<ErrorCode> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    @Override
    public String toString() {
        return wire;
    }
}
