package io.peerhub.server.signaling;

import io.peerhub.protocol.ClientMessage;
import io.peerhub.protocol.CloseCodes;
import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.server.metrics.SignalingMetrics;

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
    private final AddressLimits limits;
    private final SignalingMetrics metrics;

    Dispatcher(MessageCodec codec, Handlers handlers, ErrorReporter errors, Departures departures, Clients clients,
               double ratePerSecond, int rateBurst, AddressLimits limits, SignalingMetrics metrics) {
        this.codec = codec;
        this.handlers = handlers;
        this.errors = errors;
        this.departures = departures;
        this.clients = clients;
        this.ratePerSecond = ratePerSecond;
        this.rateBurst = rateBurst;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * A connection from {@code address} opened. One past the address's limit is told so and closed
     * (4029) at once, without waiting for the client's close (2,000 held open by one client kept as
     * many half-closed sessions, and closing them all at once grew the node by 190 threads); it is
     * counted until it is closed, like any other.
     */
    public Client connected(Connection connection, String address) {
        long now = System.nanoTime();
        Client client = new Client(connection, address, codec, new TokenBucket(ratePerSecond, rateBurst, now), now);
        clients.add(client);
        if (!limits.opened(address)) {
            metrics.tooManyConnections();
            client.markClosed();
            ErrorCode code = ErrorCode.TOO_MANY_CONNECTIONS;
            refuseForAddress(client, new ProtocolException(code,
                    "your address has reached its limit of " + limits.maxConnections() + " open connections"));
            client.refuse(code.closeCode(), code.wire());
        }
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
            if (message instanceof Join && !limits.joinAllowed(client.address(), System.nanoTime())) {
                metrics.tooManyJoins();
                refuseForAddress(client, new ProtocolException(ErrorCode.TOO_MANY_JOINS, "more than "
                        + limits.joinsPerMinute() + " joins a minute from your address: try again later", Join.TYPE));
                return;
            }
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
        limits.closed(client.address());
        departures.disconnected(client, closeCode);
    }

    /** The log line names the address, so an operator can see who hits the limits. */
    private void refuseForAddress(Client client, ProtocolException refusal) {
        errors.send(client, client + " address=" + client.address(), refusal);
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
            case CUT_OFF:
                // Away, not left (as a reader cut off for not reading): its peer may resume.
                metrics.floodCutOff();
                refuseForAddress(client, new ProtocolException(ErrorCode.RATE_LIMITED, "closing: "
                        + (long) rateBurst * Client.FLOOD_FACTOR + " messages past the rate limit at once"));
                client.refuse(CloseCodes.POLICY_VIOLATION, "flood");
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
