package io.peerhub.server.signaling;

/**
 * The transport as the signaling logic sees it. It keeps the rooms free of Jetty: the logic never
 * learns how a frame travels, and the transport never learns what a room is.
 */
public interface Connection {

    /** A short id for logs. */
    String id();

    /**
     * Queues a text frame. Never blocks: a client that does not read has its connection closed
     * by the transport (1008) once its queue is full.
     */
    void send(String frame);

    /** Starts the close handshake; the transport reports the end through {@link Dispatcher#disconnected}. */
    void close(int code, String reason);

    /**
     * Sends what is queued and a close frame, then drops the connection soon after whether the
     * client answered the close or not: for a connection refused at once, which must cost nothing
     * while a client that opened thousands of them keeps them open.
     */
    void refuse(int code, String reason);
}
