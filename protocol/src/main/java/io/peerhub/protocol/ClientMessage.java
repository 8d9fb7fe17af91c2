package io.peerhub.protocol;

/** A message from a client to the server. */
public sealed interface ClientMessage extends Message permits Join, Rename, SignalTo, Ping, Pong, Leave, IceRenew {

    /**
     * Checks the rules beyond field types (formats, lengths, versions).
     *
     * @throws ProtocolException with the code the server sends back
     */
    default void checkValid() {}
}
