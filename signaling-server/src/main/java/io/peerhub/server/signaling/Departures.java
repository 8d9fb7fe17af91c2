package io.peerhub.server.signaling;

import io.peerhub.protocol.CloseCodes;
import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.ProtocolException;

/** The ways a connection stops speaking for its peer: it leaves, closes, drops, or is expelled. */
final class Departures {

    private final RoomRegistry registry;
    private final ResumeWindow resumeWindow;
    private final ErrorReporter errors;
    private final Clients clients;
    private final AddressLimits limits;

    Departures(RoomRegistry registry, ResumeWindow resumeWindow, ErrorReporter errors, Clients clients,
               AddressLimits limits) {
        this.registry = registry;
        this.resumeWindow = resumeWindow;
        this.errors = errors;
        this.clients = clients;
        this.limits = limits;
    }

    /** The client sent {@code leave}: the room is told at once; the connection may join again. */
    void left(Client client) {
        Session session = client.session();
        if (session == null) {
            throw Membership.notJoined(Leave.TYPE);
        }
        synchronized (session.room()) {
            if (session.isSpokenForBy(client) && client.detach(session)) {
                registry.remove(session, LeaveReason.LEFT);
            }
        }
    }

    /**
     * The socket closed. A normal close (1000, 1001) leaves at once; any other (a network loss, 1006)
     * leaves the peer away for the resume window, if its address has a place for one more away peer:
     * else it leaves at once too.
     */
    void disconnected(Client client, int closeCode) {
        clients.remove(client);
        Session session = client.markClosed().session();
        if (session == null) {
            return;
        }
        synchronized (session.room()) {
            if (!session.isSpokenForBy(client)) {
                return;
            }
            String address = client.address();
            if (CloseCodes.isDeliberate(closeCode)) {
                registry.remove(session, LeaveReason.CLOSED);
            } else if (limits.wentAway(address)) {
                resumeWindow.start(session, () -> limits.back(address));
            } else {
                registry.remove(session, LeaveReason.AWAY_LIMIT);
            }
        }
    }

    /**
     * The server drops the client: it gets the error, its socket is closed with the error's close
     * code, and its peer leaves now rather than when the close handshake ends (a silent client may
     * never answer it).
     */
    void expel(Client client, ErrorCode code, String message, LeaveReason reason) {
        String peer = client.toString();
        Client.Closing closing = client.markClosed();
        if (!closing.first()) {
            return;
        }
        errors.send(client, peer, new ProtocolException(code, message));
        client.close(code.closeCode(), code.wire());
        Session session = closing.session();
        if (session != null) {
            synchronized (session.room()) {
                if (session.isSpokenForBy(client)) {
                    registry.remove(session, reason);
                }
            }
        }
    }

    /**
     * Another connection resumed this client's peer: the old one is told and closed with 4009. The
     * peer stays; the caller holds its room's lock and attaches the new connection.
     */
    void replace(Client old, String peerId) {
        if (old.markClosed().first()) {
            errors.send(old, peerId, new ProtocolException(ErrorCode.REPLACED, "this peer resumed on another connection"));
            old.close(CloseCodes.REPLACED, ErrorCode.REPLACED.wire());
        }
    }
}
