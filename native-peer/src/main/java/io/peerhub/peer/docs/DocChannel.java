package io.peerhub.peer.docs;

/** The little the sync layer needs from a documents data channel (a real one, or a pipe in tests). */
interface DocChannel {

    /** Sends one binary frame; false if the channel is not open. */
    boolean sendBytes(byte[] frame);

    /** The largest message the channel takes (the SCTP max message size, capped at 256 KiB). */
    int frameBytes();
}
