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

    /** JSON numbers are exact only up to 2^53 − 1 in a browser: no integer on the wire is larger. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Protocol() {}
}
