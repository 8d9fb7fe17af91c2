package io.peerhub.protocol;

/** A message from the server to a client. */
public sealed interface ServerMessage extends Message
        permits Welcome, PeerJoined, PeerLeft, PeerUpdated, SignalFrom, Ping, Pong, ErrorMessage, IceServers, PolicyUpdate {}
