package io.peerhub.server.signaling;

import io.peerhub.protocol.ClientMessage;
import java.util.HashMap;
import java.util.Map;

/** The map from message type to its handler. */
final class Handlers {

    private final Map<Class<? extends ClientMessage>, MessageHandler<?>> byType = new HashMap<>();

    <M extends ClientMessage> Handlers on(Class<M> type, MessageHandler<M> handler) {
        byType.put(type, handler);
        return this;
    }

    void handle(Client client, ClientMessage message) {
        MessageHandler<?> handler = byType.get(message.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + message.type());
        }
        invoke(handler, client, message);
    }

    @SuppressWarnings("unchecked") // on() registered each handler under its own message class
    private static <M extends ClientMessage> void invoke(MessageHandler<M> handler, Client client, ClientMessage message) {
        handler.handle(client, (M) message);
    }
}
