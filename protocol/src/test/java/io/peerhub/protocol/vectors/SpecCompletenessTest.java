package io.peerhub.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.RefusalReason;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md's tables and the Java implementation hold the same message types, error
 * codes, reasons, kinds and limits: one missing on either side fails here. The browser's suite
 * has the same test (web-client/src/vectors/spec.test.ts).
 */
@DisplayName("The spec's tables and the Java implementation agree")
class SpecCompletenessTest {

    private static final SpecTables SPEC = SpecTables.read();
    private static final List<Vector> VECTORS = VectorFiles.load();

    /** Numeric constants that are no limits: versions (in the message tables) and the server's id sizes in bytes. */
    private static final Set<String> NOT_LIMITS = Set.of(
            "VERSION", "PEER_PROTOCOL_VERSION", "ROOM_ID_BYTES", "PEER_ID_BYTES", "RESUME_TOKEN_BYTES");

    @Test
    void client_to_server_types() {
        assertThat(MessageCodec.clientTypes()).containsExactlyInAnyOrderElementsOf(SPEC.table("Client → server", "type").codes(0));
    }

    @Test
    void server_to_client_types() {
        assertThat(MessageCodec.serverTypes()).containsExactlyInAnyOrderElementsOf(SPEC.table("Server → client", "type").codes(0));
    }

    @Test
    void error_codes_and_the_close_codes_that_follow_them() {
        SpecTables.Table table = SPEC.table("Error codes", "code");
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire)).containsExactlyInAnyOrderElementsOf(table.codes(0));
        for (List<String> row : table.rows()) {
            ErrorCode code = ErrorCode.fromWire(SpecTables.backticked(row.get(0)).get(0)).orElseThrow();
            String connection = row.get(2);
            int close = connection.matches(".*closed with code (\\d+).*") ? Integer.parseInt(connection.replaceAll(".*closed with code (\\d+).*", "$1")) : 0;
            assertThat(code.closeCode()).as("close code after %s", code).isEqualTo(close);
        }
    }

    @Test
    void control_channel_types() {
        Set<String> spec = new HashSet<>(SPEC.table("Control channel", "type").codes(0));
        spec.addAll(SPEC.table("Control channel messages (JSON, on `peerhub`)", "type").codes(0));
        spec.addAll(SPEC.table("Shared-folder messages (JSON, on `peerhub`)", "type").codes(0));
        assertThat(PeerCodec.controlTypes()).containsExactlyInAnyOrderElementsOf(spec);
    }

    @Test
    void transfer_channel_types() {
        assertThat(PeerCodec.transferTypes()).containsExactlyInAnyOrderElementsOf(SPEC.table("Transfer data channel", "type").codes(0));
    }

    @Test
    void refusal_and_cancel_reasons() {
        SpecTables.Table table = SPEC.table("Reasons", "reason");
        assertThat(Arrays.stream(RefusalReason.values()).map(RefusalReason::wire))
                .containsExactlyInAnyOrderElementsOf(reasons(table, "transfer-answer"));
        assertThat(Arrays.stream(CancelReason.values()).map(CancelReason::wire))
                .containsExactlyInAnyOrderElementsOf(reasons(table, "transfer-cancel"));
    }

    @Test
    void client_kinds() {
        List<String> row = SPEC.table("Identifiers", "what").rows().stream().filter(r -> r.get(0).equals("client kind")).findFirst().orElseThrow();
        assertThat(Arrays.stream(ClientKind.values()).map(ClientKind::wire)).containsExactlyInAnyOrderElementsOf(SpecTables.backticked(row.get(1)));
    }

    @Test
    void the_limits_table_is_the_limits_vector_file() {
        Map<String, Long> spec = new LinkedHashMap<>();
        for (List<String> row : SPEC.table("3. Limits", "name").rows()) {
            spec.put(SpecTables.backticked(row.get(0)).get(0), Long.parseLong(row.get(1).replace(",", "")));
        }
        Map<String, Long> vectors = new LinkedHashMap<>();
        VECTORS.stream().filter(v -> v.kind().equals("limits"))
                .forEach(v -> vectors.put(v.body().get("name").textValue(), v.body().get("value").longValue()));
        assertThat(vectors).isEqualTo(spec);
    }

    @Test
    void every_java_constant_of_the_protocol_is_in_the_limits_table() {
        Set<String> table = SPEC.table("3. Limits", "name").codes(0);
        Set<String> constants = LimitChecks.constants().stream().map(Field::getName)
                .filter(n -> !NOT_LIMITS.contains(n)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(table).containsAll(constants);
    }

    @Test
    void every_message_type_has_an_accepted_vector() {
        assertThat(acceptedTypes("signaling-client")).containsAll(MessageCodec.clientTypes());
        assertThat(acceptedTypes("signaling-server")).containsAll(MessageCodec.serverTypes());
        assertThat(acceptedTypes("control")).containsAll(PeerCodec.controlTypes());
        assertThat(acceptedTypes("transfer-channel")).containsAll(PeerCodec.transferTypes());
        assertThat(acceptedTypes("cursor")).contains("cursor");
    }

    private static Set<String> acceptedTypes(String kind) {
        return VECTORS.stream().filter(v -> v.kind().equals(kind) && v.body().has("value"))
                .map(v -> v.body().get("value").path("type").asText()).collect(Collectors.toSet());
    }

    private static Set<String> reasons(SpecTables.Table table, String message) {
        return table.rows().stream().filter(r -> r.get(1).equals("`" + message + "`"))
                .map(r -> SpecTables.backticked(r.get(0)).get(0)).collect(Collectors.toSet());
    }
}
