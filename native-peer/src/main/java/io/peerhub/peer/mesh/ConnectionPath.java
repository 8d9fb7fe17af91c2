package io.peerhub.peer.mesh;

import java.util.Locale;

/**
 * How a connection to a peer runs, read from its selected ICE candidate pair (the browser's
 * web-client/src/reach/path-stats.ts reads the same): direct or through a relay, the candidate
 * types on both ends (host, srflx, prflx, relay), the protocol, the relay's address and the
 * round trip.
 *
 * @param relayAddress our relay's allocated address, or the other side's relay when only theirs
 *                     is used ({@code host:port}); null when direct or not known
 * @param rttMs        the pair's current round trip in milliseconds; null when not measured yet
 */
public record ConnectionPath(boolean relayed, String localType, String remoteType, String protocol,
                             String relayAddress, Double rttMs) {

    /**
     * "direct (host <-> host, udp, rtt 1 ms)", "relayed via 192.0.2.7:49152 (relay <-> host, udp,
     * rtt 24 ms)". ASCII only: a terminal in the C locale would print a '?' for an arrow.
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(relayed ? relayAddress == null ? "relayed" : "relayed via " + relayAddress : "direct");
        b.append(" (").append(localType).append(" <-> ").append(remoteType).append(", ").append(protocol);
        if (rttMs != null) {
            b.append(", rtt ").append(rttMs < 0.5 ? "<1" : String.format(Locale.ROOT, "%d", Math.round(rttMs))).append(" ms");
        }
        return b.append(')').toString();
    }
}
