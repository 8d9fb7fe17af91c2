package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import io.peerhub.peer.mesh.ConnectionPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a connection's path from its stats, as the browser's path-stats.ts does: the selected
 * pair is the transport's {@code selectedCandidatePairId}, else a nominated, succeeded pair.
 * webrtc-java 0.14 gives the same attributes as Chromium, numbers as Integer, Long, BigInteger
 * or Double.
 */
final class PathStats {

    /** One stats object: its W3C type ("transport", "candidate-pair", "local-candidate"…) and attributes. */
    record Stat(String type, Map<String, Object> values) {}

    private static final List<String> CANDIDATE_TYPES = List.of("host", "srflx", "prflx", "relay");
    /** Addresses come from the other peer's candidates: printed only when they look like one. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z.:%_-]{1,64}");

    private PathStats() {}

    static Optional<ConnectionPath> read(RTCStatsReport report) {
        Map<String, Stat> byId = new HashMap<>();
        for (Map.Entry<String, RTCStats> e : report.getStats().entrySet()) {
            String type = typeName(e.getValue().getType());
            if (type != null) {
                byId.put(e.getKey(), new Stat(type, e.getValue().getAttributes()));
            }
        }
        return read(byId);
    }

    static Optional<ConnectionPath> read(Map<String, Stat> byId) {
        Stat pair = selectedPair(byId);
        if (pair == null) {
            return Optional.empty();
        }
        Stat local = byId.get(text(pair, "localCandidateId"));
        Stat remote = byId.get(text(pair, "remoteCandidateId"));
        String localType = candidateType(local);
        String remoteType = candidateType(remote);
        boolean relayed = localType.equals("relay") || remoteType.equals("relay");
        Stat relayEnd = localType.equals("relay") ? local : remoteType.equals("relay") ? remote : null;
        String protocol = text(local, "protocol");
        if (protocol == null) {
            protocol = text(remote, "protocol");
        }
        Double rtt = number(pair, "currentRoundTripTime");
        return Optional.of(new ConnectionPath(relayed, localType, remoteType, protocol == null ? "unknown" : protocol,
                relayEnd == null ? null : hostPort(text(relayEnd, "address"), number(relayEnd, "port")),
                rtt == null ? null : rtt * 1000));
    }

    private static Stat selectedPair(Map<String, Stat> byId) {
        for (Stat s : byId.values()) {
            if (s.type().equals("transport")) {
                Stat pair = byId.get(text(s, "selectedCandidatePairId"));
                if (pair != null && pair.type().equals("candidate-pair")) {
                    return pair;
                }
            }
        }
        for (Stat s : byId.values()) {
            if (s.type().equals("candidate-pair") && Boolean.TRUE.equals(s.values().get("nominated"))
                    && "succeeded".equals(text(s, "state"))) {
                return s;
            }
        }
        return null;
    }

    private static String candidateType(Stat s) {
        String type = text(s, "candidateType");
        return type != null && CANDIDATE_TYPES.contains(type) ? type : "unknown";
    }

    static String hostPort(String address, Double port) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            return null;
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        return port == null ? host : host + ":" + port.intValue();
    }

    private static String text(Stat s, String key) {
        Object v = s == null ? null : s.values().get(key);
        return v instanceof String str && !str.isEmpty() ? str : null;
    }

    private static Double number(Stat s, String key) {
        Object v = s == null ? null : s.values().get(key);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d >= 0 ? d : null;
        }
        return null;
    }

    private static String typeName(RTCStatsType type) {
        return switch (type) {
            case TRANSPORT -> "transport";
            case CANDIDATE_PAIR -> "candidate-pair";
            case LOCAL_CANDIDATE -> "local-candidate";
            case REMOTE_CANDIDATE -> "remote-candidate";
            default -> null;
        };
    }
}
