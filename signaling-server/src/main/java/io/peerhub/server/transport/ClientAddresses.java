package io.peerhub.server.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which client a connection counts against for the per-address limits. It is the socket's peer
 * address, unless that is a configured trusted proxy: then it is the right-most address in
 * {@code X-Forwarded-For} that is not a trusted proxy itself. Entries left of it were written by
 * the client and prove nothing. Anything unreadable on the way stops the walk at the last
 * trusted hop, so a garbled header puts its sender with everyone behind that proxy, never in a
 * bucket of its own choosing.
 *
 * <p>IPv6 clients count by their /64: one host usually has a whole /64 to pick addresses from.
 */
public final class ClientAddresses {

    private final List<Cidr> trustedProxies;

    public ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /** The key of the client behind {@code peer}, given the request's {@code X-Forwarded-For} headers. */
    String of(InetAddress peer, List<String> forwardedFor) {
        InetAddress client = peer;
        if (isTrusted(client) && forwardedFor != null) {
            List<String> hops = new ArrayList<>();
            forwardedFor.forEach(header -> hops.addAll(List.of(header.split(","))));
            for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
                InetAddress hop = IpLiteral.parse(hops.get(i));
                if (hop == null) {
                    break;
                }
                client = hop;
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }

    private static String key(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] prefix = address.getAddress();
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
