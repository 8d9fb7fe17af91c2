package io.peerhub.peer.mesh;

import io.peerhub.protocol.peer.Hello;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.PeerProtocolException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control channel's one way in, like the server's {@code Handlers} map: each message is
 * decoded and validated once, then given to the handlers registered for its type. The mesh
 * registers {@code hello}; chat, transfers and documents register theirs.
 *
 * <p>A type may have more than one handler: {@code transfer-cancel} ends a transfer in either
 * direction, and the sending and the receiving side each look its id up among their own. They
 * are called in the order they registered; one that throws is logged and the others still run.
 * Messages are routed on the link's worker thread, so the handlers of one peer run in order.
 */
public final class ControlRouter {

    /** Handles one message type; called on the sending peer's link worker thread. */
    @FunctionalInterface
    public interface Handler<M extends PeerMessage> {
        void handle(RemotePeer from, M message);
    }

    private static final Logger log = LoggerFactory.getLogger(ControlRouter.class);

    private final PeerCodec codec = new PeerCodec();
    private final Map<Class<? extends PeerMessage>, List<Handler<?>>> byType = new ConcurrentHashMap<>();

    public <M extends PeerMessage> ControlRouter on(Class<M> type, Handler<M> handler) {
        byType.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /**
     * One message from {@code from}'s control channel. {@code maxOfferBytes} is the largest
     * {@code transfer-offer} part the link takes; every other message is held to 16 KiB.
     */
    void route(RemotePeer from, byte[] utf8, int maxOfferBytes) {
        PeerMessage message;
        try {
            message = codec.decodeControl(utf8, maxOfferBytes);
        } catch (PeerProtocolException e) {
            log.warn("control message from {} dropped: {}", from, e.getMessage());
            return;
        }
        if (!from.verified() && !(message instanceof Hello)) {
            // The one gate: chat, transfers and documents never hear from a peer that has not proved itself.
            log.debug("{} from {} dropped: not verified", message.type(), from);
            return;
        }
        List<Handler<?>> handlers = byType.get(message.getClass());
        if (handlers == null) {
            log.debug("{} from {} dropped: nothing here handles it", message.type(), from);
            return;
        }
        for (Handler<?> h : handlers) {
            try {
                invoke(h, from, message);
            } catch (RuntimeException e) {
                log.warn("handling {} from {} failed", message.type(), from, e);
            }
        }
    }

    @SuppressWarnings("unchecked") // on() registered each handler under its own message class
    private static <M extends PeerMessage> void invoke(Handler<M> handler, RemotePeer from, PeerMessage message) {
        handler.handle(from, (M) message);
    }
}
