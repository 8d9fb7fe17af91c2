package io.peerhub.peer.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.mesh.ConnectionPath;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads the path from stats shaped as webrtc-java 0.14 gave them on this machine (numbers as Integer, BigInteger, Double). */
class PathStatsTest {

    static Map<String, PathStats.Stat> direct() {
        Map<String, PathStats.Stat> stats = new HashMap<>();
        stats.put("T01", new PathStats.Stat("transport", Map.of(
                "selectedCandidatePairId", "CPW7lw7JUm_WYokHRPA", "iceState", "connected",
                "bytesSent", BigInteger.valueOf(1081), "bytesReceived", BigInteger.valueOf(1058))));
        stats.put("CPW7lw7JUm_WYokHRPA", new PathStats.Stat("candidate-pair", Map.of(
                "localCandidateId", "IW7lw7JUm", "remoteCandidateId", "IWYokHRPA", "nominated", true,
                "state", "succeeded", "currentRoundTripTime", 0.0, "bytesSent", BigInteger.valueOf(1081))));
        stats.put("CPiFNLcVFC_p+PBsJD3", new PathStats.Stat("candidate-pair", Map.of(
                "localCandidateId", "IiFNLcVFC", "remoteCandidateId", "Ip+PBsJD3", "nominated", false,
                "state", "succeeded", "currentRoundTripTime", 0.0)));
        stats.put("IW7lw7JUm", new PathStats.Stat("local-candidate", Map.of(
                "candidateType", "host", "address", "fd00::2", "port", 54640, "protocol", "udp")));
        stats.put("IWYokHRPA", new PathStats.Stat("remote-candidate", Map.of(
                "candidateType", "host", "address", "fd00::2", "port", 44585, "protocol", "udp")));
        stats.put("IiFNLcVFC", new PathStats.Stat("local-candidate", Map.of(
                "candidateType", "host", "address", "192.0.2.2", "port", 34878, "protocol", "udp")));
        stats.put("Ip+PBsJD3", new PathStats.Stat("remote-candidate", Map.of(
                "candidateType", "host", "address", "192.0.2.2", "port", 49559, "protocol", "udp")));
        return stats;
    }

    @Test
    void a_direct_connection_reads_as_direct_between_two_host_candidates() {
        ConnectionPath path = PathStats.read(direct()).orElseThrow();

        assertThat(path).isEqualTo(new ConnectionPath(false, "host", "host", "udp", null, 0.0));
        assertThat(path.describe()).isEqualTo("direct (host <-> host, udp, rtt <1 ms)");
    }

    @Test
    void a_relayed_connection_names_our_relay_address() {
        Map<String, PathStats.Stat> stats = direct();
        stats.put("IW7lw7JUm", new PathStats.Stat("local-candidate", Map.of(
                "candidateType", "relay", "address", "127.0.0.1", "port", 62672, "protocol", "udp", "relayProtocol", "udp")));
        Map<String, Object> pair = new HashMap<>(stats.get("CPW7lw7JUm_WYokHRPA").values());
        pair.put("currentRoundTripTime", 0.024);
        stats.put("CPW7lw7JUm_WYokHRPA", new PathStats.Stat("candidate-pair", pair));

        assertThat(PathStats.read(stats).orElseThrow().describe())
                .isEqualTo("relayed via 127.0.0.1:62672 (relay <-> host, udp, rtt 24 ms)");
    }

    @Test
    void without_a_transport_the_nominated_succeeded_pair_is_the_path() {
        Map<String, PathStats.Stat> stats = direct();
        stats.remove("T01");

        assertThat(PathStats.read(stats)).hasValueSatisfying(p -> assertThat(p.localType()).isEqualTo("host"));
    }

    @Test
    void nothing_is_known_before_a_pair_is_selected() {
        Map<String, PathStats.Stat> stats = direct();
        stats.put("T01", new PathStats.Stat("transport", Map.of("iceState", "checking")));
        stats.put("CPW7lw7JUm_WYokHRPA", new PathStats.Stat("candidate-pair", Map.of("state", "in-progress")));

        assertThat(PathStats.read(stats)).isEmpty();
        assertThat(PathStats.read(Map.of())).isEmpty();
    }

    @Test
    void an_address_from_the_other_side_that_is_not_one_is_not_printed() {
        Map<String, PathStats.Stat> stats = direct();
        stats.put("IWYokHRPA", new PathStats.Stat("remote-candidate", Map.of(
                "candidateType", "relay", "address", "\u001b[2Jevil", "port", 1, "protocol", "udp")));

        ConnectionPath path = PathStats.read(stats).orElseThrow();

        assertThat(path.relayed()).isTrue();
        assertThat(path.relayAddress()).isNull();
        assertThat(path.describe()).isEqualTo("relayed (host <-> relay, udp, rtt <1 ms)");
        assertThat(PathStats.hostPort("fd00::2", 3478.0)).isEqualTo("[fd00::2]:3478");
    }
}
