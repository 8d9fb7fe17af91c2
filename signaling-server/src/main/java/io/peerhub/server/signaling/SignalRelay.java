package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.server.metrics.SignalingMetrics;

/**
 * {@code signal}: relays handshake data to a peer in the sender's room, held while that peer is
 * away, or through the presence store to the node that serves it. Any id not in the room (unknown,
 * gone, malformed, or in another room) gets the same {@code unknown-peer}, so ids in other rooms
 * cannot be probed. A signal that cannot be delivered gets an error back: {@code away-full} when
 * no more is held for an away peer, {@code undeliverable} when the peer's node cannot be reached
 * or the peer left it (that node tells this one, see {@link RemoteMembers}). The data is never
 * looked at.
 */
final class SignalRelay implements MessageHandler<SignalTo> {

    private final ClusterLink cluster;
    private final ErrorReporter errors;
    private final SignalingMetrics metrics;

    SignalRelay(ClusterLink cluster, ErrorReporter errors, SignalingMetrics metrics) {
        this.cluster = cluster;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    public void handle(Client client, SignalTo signal) {
        Membership.withSession(client, SignalTo.TYPE, session -> {
            Room room = session.room();
            Session target = room.get(signal.to());
            if (target != null) {
                ProtocolException refused = target.deliverSignal(new SignalFrom(session.peerId(), signal.data()));
                if (refused != null) {
                    metrics.signalRefused(refused.code());
                    throw refused;
                }
                metrics.relayedLocal();
                return;
            }
            RemotePeer elsewhere = room.remote(signal.to());
            if (elsewhere == null) {
                throw new ProtocolException(ErrorCode.UNKNOWN_PEER, "no such peer in this room", SignalTo.TYPE);
            }
            try {
                cluster.relay(room, session.peerId(), elsewhere, signal.data(), why -> {
                    metrics.signalRefused(ErrorCode.UNDELIVERABLE);
                    errors.send(client, new ProtocolException(ErrorCode.UNDELIVERABLE, why, SignalTo.TYPE));
                });
            } catch (ProtocolException storeDown) {
                metrics.signalRefused(storeDown.code());
                throw storeDown;
            }
        });
    }
}
