package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import io.peerhub.protocol.policy.HubPolicy;

/**
 * I am in the room. {@code peers} is everyone else in it; {@code resume} is the token to send in a
 * later {@code join} to keep {@code self.id}; {@code resumed} tells whether this join did that.
 * {@code servers} (optional, empty when absent) are the WebSocket URLs of other nodes of the same
 * deployment, for the client to try in turn when it reconnects. {@code iceTtlMs} (optional, null
 * when absent) is how long, counted from this message, the credentials in {@code iceServers} stay
 * valid: the client renews them before that with {@link IceRenew}. A duration rather than an
 * instant, so a client whose clock is off still renews in time. {@code policy} (null: none) is
 * the hub's policy, docs/protocol.md "Hub policy".
 */
public record Welcome(int v, Peer self, String resume, List<IceServer> iceServers, List<Peer> peers,
                      long heartbeatMs, boolean resumed, List<String> servers, Long iceTtlMs, HubPolicy policy)
        implements ServerMessage {

    public static final String TYPE = "welcome";

    public Welcome {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(resume, "resume");
        iceServers = List.copyOf(iceServers);
        peers = List.copyOf(peers);
        servers = servers == null ? List.of() : List.copyOf(servers);
        checkTtl(iceTtlMs);
    }

    /** A welcome from a hub without a policy. */
    public Welcome(int v, Peer self, String resume, List<IceServer> iceServers, List<Peer> peers,
                   long heartbeatMs, boolean resumed, List<String> servers, Long iceTtlMs) {
        this(v, self, resume, iceServers, peers, heartbeatMs, resumed, servers, iceTtlMs, null);
    }

    /** A welcome whose ICE servers do not expire. */
    public Welcome(int v, Peer self, String resume, List<IceServer> iceServers, List<Peer> peers,
                   long heartbeatMs, boolean resumed, List<String> servers) {
        this(v, self, resume, iceServers, peers, heartbeatMs, resumed, servers, null, null);
    }

    /** A welcome from a server that names no other nodes, with ICE servers that do not expire. */
    public Welcome(int v, Peer self, String resume, List<IceServer> iceServers, List<Peer> peers,
                   long heartbeatMs, boolean resumed) {
        this(v, self, resume, iceServers, peers, heartbeatMs, resumed, List.of(), null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("v", v);
        self.writeTo(out.putObject("self"));
        out.put("resume", resume);
        ArrayNode ice = out.putArray("iceServers");
        iceServers.forEach(s -> s.writeTo(ice.addObject()));
        ArrayNode others = out.putArray("peers");
        peers.forEach(p -> p.writeTo(others.addObject()));
        out.put("heartbeatMs", heartbeatMs);
        out.put("resumed", resumed);
        if (!servers.isEmpty()) {
            ArrayNode urls = out.putArray("servers");
            servers.forEach(urls::add);
        }
        if (iceTtlMs != null) {
            out.put("iceTtlMs", iceTtlMs);
        }
        if (policy != null) {
            policy.writeTo(out.putObject("policy"));
        }
    }

    /** Longest address a client takes from {@code servers}: a real one is far shorter. */
    public static final int MAX_SERVER_URL_LENGTH = 2048;

    static Welcome read(JsonFields in) {
        long v = in.requiredInteger("v");
        if (v != Protocol.VERSION) {
            throw in.invalid("v", String.valueOf(Protocol.VERSION));
        }
        Peer self = in.requiredNested("self", Peer::read);
        String resume = in.requiredString("resume");
        if (!Ids.isResumeToken(resume)) {
            throw in.invalid("resume", "a resume token");
        }
        List<IceServer> iceServers = in.requiredList("iceServers", IceServer::read);
        List<Peer> peers = in.requiredList("peers", Peer::read);
        long heartbeatMs = in.requiredInteger("heartbeatMs");
        if (heartbeatMs <= 0) {
            throw in.invalid("heartbeatMs", "a positive integer");
        }
        boolean resumed = in.requiredBoolean("resumed");
        List<String> servers = in.optionalStrings("servers");
        // A client reconnects to these: only ever a WebSocket address, never javascript: or file:.
        if (!servers.stream().allMatch(u -> u.matches("wss?://\\S+") && u.length() <= MAX_SERVER_URL_LENGTH)) {
            throw in.invalid("servers", "a list of ws: or wss: URLs");
        }
        return new Welcome((int) v, self, resume, iceServers, peers, heartbeatMs, resumed, servers, readTtl(in),
                in.optionalPolicy("policy"));
    }

    /** {@code iceTtlMs} of a welcome or {@code ice-servers}: absent, or a positive integer. */
    static Long readTtl(JsonFields in) {
        Long ttl = in.optionalInteger("iceTtlMs");
        if (ttl != null && ttl <= 0) {
            throw in.invalid("iceTtlMs", "a positive integer");
        }
        return ttl;
    }

    static void checkTtl(Long iceTtlMs) {
        if (iceTtlMs != null && (iceTtlMs <= 0 || iceTtlMs > Protocol.MAX_SAFE_INTEGER)) {
            throw new IllegalArgumentException("iceTtlMs must be a positive safe integer, was " + iceTtlMs);
        }
    }
}
