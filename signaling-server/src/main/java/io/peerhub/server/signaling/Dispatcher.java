package io.peerhub.server.signaling;

import io.peerhub.protocol.ClientMessage;
import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.ProtocolException;

/**
 * Where the transport hands over: a connection opened, a frame arrived, a connection closed. Every
 * frame counts as a sign of life, passes the rate limit, is decoded and validated, is checked
 * against the join state, and goes to its type's handler. Whatever is refused is answered with
 * an error and the connection stays open.
 */
public final class Dispatcher {

    private final MessageCodec codec;
    private final Handlers handlers;
    private final ErrorReporter errors;
    private final Departures departures;
    private final Clients clients;
    private final double ratePerSecond;
    private final int rateBurst;

    Dispatcher(MessageCodec codec, Handlers handlers, ErrorReporter errors, Departures departures, Clients clients,
               double ratePerSecond, int rateBurst) {
        this.codec = codec;
        this.handlers = handlers;
        this.errors = errors;
        this.departures = departures;
        this.clients = clients;
        this.ratePerSecond = ratePerSecond;
        this.rateBurst = rateBurst;
    }

    public Client connected(Connection connection) {
        long now = System.nanoTime();
        Client client = new Client(connection, codec, new TokenBucket(ratePerSecond, rateBurst, now), now);
        clients.add(client);
        return client;
    }

    public void onText(Client client, String frame) {
        if (!admit(client)) {
            return;
        }
        String ref = null;
        try {
            ClientMessage message = codec.decodeClient(frame);
            ref = message.type();
            checkJoinState(client, message);
            handlers.handle(client, message);
        } catch (ProtocolException refused) {
            errors.send(client, refused);
        } catch (RuntimeException bug) {
            errors.internal(client, ref, bug);
        }
    }

    public void onBinary(Client client) {
        if (admit(client)) {
            errors.send(client, new ProtocolException(ErrorCode.BAD_JSON, "binary frames are not accepted"));
        }
    }

    /** The socket closed with {@code closeCode} (1006 when it dropped without a close frame). */
    public void disconnected(Client client, int closeCode) {
        departures.disconnected(client, closeCode);
    }

    private boolean admit(Client client) {
        if (client.isClosed()) {
            return false; // expelled or replaced: the close is on its way
        }
        long now = System.nanoTime();
        client.heard(now);
        switch (client.admit(now)) {
            case ADMIT:
                return true;
            case REFUSE_AND_TELL:
                errors.send(client, new ProtocolException(ErrorCode.RATE_LIMITED,
                        "more than " + (long) ratePerSecond + " messages per second; dropped"));
                return false;
            default:
                return false;
        }
    }

    /** Only {@code join} and {@code ping} before joining; {@code join} only before. */
    private static void checkJoinState(Client client, ClientMessage message) {
        boolean joined = client.session() != null;
        if (!joined && !(message instanceof Join) && !(message instanceof Ping)) {
            throw Membership.notJoined(message.type());
        }
        if (joined && message instanceof Join) {
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this connection is already in a room", Join.TYPE);
        }
    }
}
