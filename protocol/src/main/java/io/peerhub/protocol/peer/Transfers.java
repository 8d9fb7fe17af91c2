package io.peerhub.protocol.peer;

import io.peerhub.protocol.Protocol;

/** Limits and names of the peer protocols (docs/protocol.md, section 2), each with its reason. */
public final class Transfers {

    /** Label and id of the pre-negotiated control channel: both sides create it, nobody announces it. */
    public static final String CONTROL_CHANNEL_LABEL = "peerhub";
    public static final int CONTROL_CHANNEL_ID = 0;
    /** A transfer's data channel is labelled with this prefix and the transfer id. */
    public static final String FILE_CHANNEL_PREFIX = "peerhub-file:";

    public static final int PEER_PROTOCOL_VERSION = 1;

    /** Control messages are small; only a manifest part may be larger. */
    public static final int MAX_CONTROL_MESSAGE_BYTES = 16 * 1024;
    /** A manifest part and a chunk frame: at most this, and at most the remote's max message size. */
    public static final int MAX_FRAME_BYTES = 256 * 1024;
    /** What SCTP assumes when the remote SDP states no max-message-size (RFC 8841). */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

    /** A folder of a few thousand files is normal; more is an attack on the receiver's UI. */
    public static final int MAX_FILES = 10_000;
    public static final int MAX_PATH_COMPONENTS = 64;
    public static final int MAX_COMPONENT_UNITS = 1_024;
    public static final int MAX_PATH_UNITS = 8_192;
    public static final int MAX_TYPE_LENGTH = 255;
    public static final int MAX_PARTS = 64;
    /** JSON numbers are exact only up to 2^53 - 1 in a browser. */
    public static final long MAX_SAFE_INTEGER = Protocol.MAX_SAFE_INTEGER;

    /** A refusal's human text is shown to the sender; beyond this it is cut, not refused. */
    public static final int MAX_ANSWER_MESSAGE_CODE_POINTS = 500;

    public static final int MAX_CHAT_ID_CHARS = 64;
    public static final int MAX_CHAT_CODE_POINTS = 4_000;

    /** Chunk frame header: file index (4 bytes) and byte offset (8 bytes), big-endian. */
    public static final int CHUNK_HEADER_BYTES = 12;

    /** Flow control: keep bufferedAmount under this (webrtc closes a channel past 16 MiB queued). */
    public static final long HIGH_WATERMARK = 4L * 1024 * 1024;
    public static final long LOW_WATERMARK = 1L * 1024 * 1024;

    /** The receiver acks at least this often, so a sender sees progress and a resume loses little. */
    public static final long ACK_EVERY_BYTES = 1L * 1024 * 1024;
    public static final long ACK_EVERY_MILLIS = 250;

    /** How long a sender waits for an answer before cancelling with {@code timeout}. */
    public static final long ANSWER_TIMEOUT_MILLIS = 5 * 60 * 1000L;
    /** All parts of a split manifest arrive within this window. */
    public static final long PARTS_WINDOW_MILLIS = 30_000;

    private Transfers() {}
}
