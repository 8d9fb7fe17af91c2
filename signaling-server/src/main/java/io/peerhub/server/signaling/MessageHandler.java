package io.peerhub.server.signaling;

import io.peerhub.protocol.ClientMessage;

/** Handles one type of client message; throws {@link io.peerhub.protocol.ProtocolException} to refuse it. */
@FunctionalInterface
interface MessageHandler<M extends ClientMessage> {

    void handle(Client client, M message);
}
