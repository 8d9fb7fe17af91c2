package io.peerhub.server.turn;

import io.peerhub.protocol.IceServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ICE servers each peer is given, in its {@code welcome} and in each {@code ice-servers}: the
 * configured static ones (STUN, and TURN with static credentials if an operator insists), then,
 * with a TURN secret, one TURN entry whose credentials are minted for that peer on the spot.
 * Minting needs nothing but the secret and the clock, so every node of a deployment gives the
 * same answer with no shared state. Thread-safe (immutable).
 */
public final class IceServerIssuer {

    private final List<IceServer> staticServers;
    private final TurnCredentials turn;

    /** @param turn null: no secret, the static servers only, which do not expire */
    public IceServerIssuer(List<IceServer> staticServers, TurnCredentials turn) {
        this.staticServers = List.copyOf(staticServers);
        this.turn = turn;
    }

    /** What {@code peerId} is given now. */
    public Grant issue(String peerId) {
        if (turn == null) {
            return new Grant(staticServers, null);
        }
        TurnCredentials.Minted minted = turn.mint(peerId);
        List<IceServer> servers = new ArrayList<>(staticServers);
        servers.add(minted.server());
        return new Grant(List.copyOf(servers), minted.lifetime().toMillis());
    }

    /** @param ttlMs how long the credentials stay valid from now, or null when they do not expire */
    public record Grant(List<IceServer> servers, Long ttlMs) {}
}
