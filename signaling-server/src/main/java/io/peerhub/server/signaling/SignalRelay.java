package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;

/**
 * {@code signal}: relays handshake data to a peer in the sender's room, held while that peer is
 * away. Any id not in the room (unknown, gone, malformed, or in another room) gets the same
 * {@code unknown-peer}, so ids in other rooms cannot be probed. The data is never looked at.
 */
final class SignalRelay implements MessageHandler<SignalTo> {

    @Override
    public void handle(Client client, SignalTo signal) {
        Membership.withSession(client, SignalTo.TYPE, session -> {
            Session target = session.room().get(signal.to());
            if (target == null) {
                throw new ProtocolException(ErrorCode.UNKNOWN_PEER, "no such peer in this room", SignalTo.TYPE);
            }
            target.deliverSignal(new SignalFrom(session.peerId(), signal.data()));
        });
    }
}
