package io.peerhub.server.signaling;

import io.peerhub.protocol.Peer;

/** A peer of a room whose socket another node serves; its signals go to {@code node}. */
record RemotePeer(Peer peer, String node) {}
