package io.peerhub.e2e.reach;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.IceServer;
import io.peerhub.server.turn.TurnCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay the reach stories start: it answers, it restarts on the same port, its credentials are REST-style. */
class CoturnTest {

    @TempDir
    Path tmp;

    @Test
    void a_stopped_relay_is_silent_and_answers_again_on_the_same_port_once_started() {
        try (Coturn coturn = Coturn.start("127.0.0.1", tmp, false)) {
            int port = coturn.port();
            assertThat(coturn.answersStun(Duration.ofSeconds(1))).isTrue();

            coturn.stop();
            assertThat(coturn.isRunning()).isFalse();
            assertThat(coturn.answersStun(Duration.ofMillis(300))).isFalse();

            coturn.start();
            assertThat(coturn.port()).isEqualTo(port);
            assertThat(coturn.answersStun(Duration.ofSeconds(1))).isTrue();
            assertThat(coturn.url()).isEqualTo("turn:127.0.0.1:" + port + "?transport=udp");
        }
    }

    @Test
    void a_paused_relay_is_silent_and_answers_again_once_resumed() {
        try (Coturn coturn = Coturn.start("127.0.0.1", tmp, false)) {
            coturn.pause();
            assertThat(coturn.isRunning()).isTrue();
            assertThat(coturn.answersStun(Duration.ofMillis(300))).isFalse();

            coturn.resume();
            assertThat(coturn.answersStun(Duration.ofSeconds(1))).isTrue();
        }
    }

    @Test
    void credentials_are_an_expiry_and_a_peer_signed_with_the_relays_secret() {
        try (Coturn coturn = Coturn.start("127.0.0.1", tmp, false)) {
            IceServer fresh = coturn.credentialsFor("alice", Duration.ofMinutes(10));
            long expiry = Long.parseLong(fresh.username().split(":")[0]);
            assertThat(fresh.username()).endsWith(":alice");
            assertThat(expiry).isBetween(Instant.now().plusSeconds(590).getEpochSecond(),
                    Instant.now().plusSeconds(610).getEpochSecond());
            assertThat(fresh.credential()).isEqualTo(TurnCredentials.credential(
                    coturn.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8), fresh.username()));
            assertThat(fresh.urls()).containsExactly(coturn.url());

            IceServer expired = coturn.expiredCredentialsFor("alice", Duration.ofMinutes(5));
            assertThat(Long.parseLong(expired.username().split(":")[0])).isLessThan(Instant.now().getEpochSecond());

            IceServer foreign = coturn.credentialsSignedWithAnotherSecret("alice");
            assertThat(foreign.credential()).isNotEqualTo(TurnCredentials.credential(
                    coturn.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8), foreign.username()));
        }
    }
}
