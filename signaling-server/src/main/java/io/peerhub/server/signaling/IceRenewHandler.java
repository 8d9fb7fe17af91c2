package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.IceRenew;
import io.peerhub.protocol.IceServers;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.server.metrics.SignalingMetrics;
import io.peerhub.server.turn.IceServerIssuer;

/**
 * {@code ice-renew}: answered with {@code ice-servers}, credentials minted for the sender's peer id
 * now, within the connection's renewal allowance; past it, {@code too-many-renewals}.
 */
final class IceRenewHandler implements MessageHandler<IceRenew> {

    private final IceServerIssuer ice;
    private final SignalingMetrics metrics;

    IceRenewHandler(IceServerIssuer ice, SignalingMetrics metrics) {
        this.ice = ice;
        this.metrics = metrics;
    }

    @Override
    public void handle(Client client, IceRenew renew) {
        Membership.withSession(client, IceRenew.TYPE, session -> {
            if (!client.mayRenewIce(System.nanoTime())) {
                metrics.iceRenewal(false);
                throw new ProtocolException(ErrorCode.TOO_MANY_RENEWALS, "more than " + Protocol.ICE_RENEW_BURST
                        + " ice-renew at once, or more than one per " + Protocol.ICE_RENEW_INTERVAL_MILLIS / 1000
                        + " s; the servers you have stay valid until they expire", IceRenew.TYPE);
            }
            IceServerIssuer.Grant grant = ice.issue(session.peerId());
            client.send(new IceServers(grant.servers(), grant.ttlMs()));
            metrics.iceRenewal(true);
        });
    }
}
