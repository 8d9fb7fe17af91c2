package io.peerhub.server.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals read from configuration and from {@code X-Forwarded-For}. Only literals:
 * {@link InetAddress#getByName} would look a host name up in DNS, which a header must never make
 * the server do.
 */
final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Hex digits and colons, maybe a dotted tail (::ffff:1.2.3.4); the colon keeps it from being a host name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    private static final int LONGEST = 45; // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"

    private IpLiteral() {}

    /** The address {@code text} spells (IPv6 with or without brackets), or null when it is no IP literal. */
    static InetAddress parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > LONGEST) {
            return null;
        }
        var v4 = IPV4.matcher(s);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return null;
                }
            }
        } else if (!IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }
}
