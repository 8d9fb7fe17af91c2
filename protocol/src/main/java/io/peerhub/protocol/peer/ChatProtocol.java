package io.peerhub.protocol.peer;

/**
 * Limits of the room's chat history (docs/protocol.md "Chat history"), each with its reason.
 * Both sides apply them: a browser to what it keeps in IndexedDB, the Java {@code keep} peer to its
 * file, and every receiver to what a peer sends it.
 */
public final class ChatProtocol {

    /**
     * Entries a peer keeps per room, and the most one answer to a request may carry. Enough for
     * weeks of a busy room; small enough that a late joiner gets them in about a second.
     */
    public static final int MAX_HISTORY_ENTRIES = 10_000;
    /**
     * History kept per room, counted as the entries' JSON in UTF-8 (10,000 entries of 4,000 emoji
     * would be 160 MB); so a whole answer also fits under the 16 MiB a data channel may queue.
     */
    public static final long MAX_HISTORY_BYTES = 8L * 1024 * 1024;
    /** Entries older than 30 days are not kept, sent nor taken. */
    public static final long MAX_HISTORY_AGE_MILLIS = 30L * 24 * 60 * 60 * 1000;
    /** An entry stamped further ahead of the receiver's clock is not kept (nor shown as history). */
    public static final long MAX_CLOCK_SKEW_MILLIS = 10L * 60 * 1000;
    /** A day bucket of the summary: UTC days since the epoch. */
    public static final long DAY_MILLIS = 24L * 60 * 60 * 1000;
    /** Days in one summary: 30 days of history touch at most 31 UTC days, plus one for clock skew. */
    public static final int MAX_HISTORY_DAYS = 32;

    private ChatProtocol() {}
}
