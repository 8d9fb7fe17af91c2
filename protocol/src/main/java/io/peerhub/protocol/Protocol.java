package io.peerhub.protocol;

/** Constants of signaling protocol v2 (docs/protocol.md, section 1). */
public final class Protocol {

    /**
     * The only protocol version this code speaks; {@code join.v} must equal it. Version 2 made
     * rooms keyed (a join carries its admission proof): a version-1 page, cached from before,
     * gets {@code unsupported-version} and tells its user to reload.
     */
    public static final int VERSION = 2;

    /**
     * Largest frame accepted, in UTF-8 bytes. An SDP with dozens of candidates stays well under
     * 16 KiB, so 64 KiB leaves room for any real handshake without letting one client make the
     * server buffer much per message.
     */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    /**
     * Deepest nesting of objects and arrays in a signaling frame, the frame itself counted as 1.
     * A real frame nests 3 deep (a signal's data, its candidate); the bound is checked while
     * parsing, so a frame of 30,000 brackets costs the server nothing past the 17th.
     */
    public static final int MAX_JSON_DEPTH = 16;

    /**
     * Longest number in a signaling frame, in characters as written. A double written by
     * {@code JSON.stringify} is at most 24; anything much longer is an attempt to make a parser
     * spend time on digits.
     */
    public static final int MAX_NUMBER_CHARS = 100;

    /**
     * Largest exponent a number may be written with, either sign. Doubles need 324 at most; a
     * bigger one is refused before it becomes a value, since turning {@code 1e999999999} into an
     * integer is a computation of a billion digits, and {@code 1e2147483648} cannot be held at all.
     */
    public static final int MAX_NUMBER_EXPONENT = 1000;

    /** JSON numbers are exact only up to 2^53 − 1 in a browser: no integer on the wire is larger. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /**
     * {@code ice-renew}s one connection may send at once; one more is allowed every
     * {@link #ICE_RENEW_INTERVAL_MILLIS}. A client renews once per 80 % of a lifetime of at least a
     * minute (48 s or more apart), so three leave room for a retry or two; more is a loop or a
     * script minting credentials for someone else.
     */
    public static final int ICE_RENEW_BURST = 3;

    /**
     * The interval at which the renewal allowance refills, and the shortest wait a client leaves
     * between two renewals (whatever the lifetime it was told), so that a client never runs into
     * the bound even when a server sends an absurdly short {@code iceTtlMs}.
     */
    public static final long ICE_RENEW_INTERVAL_MILLIS = 20_000;

    private Protocol() {}
}
