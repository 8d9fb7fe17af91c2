package io.peerhub.server.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    private static final String PEER = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final Clock AT_1_699_996_400 = Clock.fixed(Instant.ofEpochSecond(1_699_996_400L), ZoneOffset.UTC);

    @Test
    void the_credential_is_the_base64_hmac_sha1_of_the_username_as_coturn_computes_it() {
        // echo -n "1700000000:AAAAAAAAAAAAAAAAAAAAAA" | openssl dgst -sha1 -hmac north-wind-secret -binary | base64
        assertThat(TurnCredentials.credential("north-wind-secret".getBytes(StandardCharsets.UTF_8), "1700000000:" + PEER))
                .isEqualTo("1P9+FogfKj6C7va4lxPO5A70SL4=");
    }

    @Test
    void each_peer_gets_a_username_of_its_expiry_and_its_id() {
        TurnCredentials turn = new TurnCredentials("north-wind-secret", List.of("turn:turn.example:3478?transport=udp"),
                Duration.ofSeconds(3600), AT_1_699_996_400);
        TurnCredentials.Minted minted = turn.mint(PEER);
        assertThat(minted.server().username()).isEqualTo("1700000000:" + PEER);
        assertThat(minted.server().credential()).isEqualTo("1P9+FogfKj6C7va4lxPO5A70SL4=");
        assertThat(minted.server().urls()).containsExactly("turn:turn.example:3478?transport=udp");
        assertThat(minted.expires()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void another_secret_gives_another_credential() {
        assertThat(TurnCredentials.credential("other".getBytes(StandardCharsets.UTF_8), "1700000000:" + PEER))
                .isNotEqualTo("1P9+FogfKj6C7va4lxPO5A70SL4=");
    }

    @Test
    void a_secret_without_urls_or_an_absurd_lifetime_is_refused() {
        assertThatThrownBy(() -> new TurnCredentials("s", List.of(), Duration.ofHours(1), Clock.systemUTC()))
                .hasMessageContaining("TURN URL");
        assertThatThrownBy(() -> new TurnCredentials("", List.of("turn:x"), Duration.ofHours(1), Clock.systemUTC()))
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> new TurnCredentials("s", List.of("turn:x"), Duration.ofSeconds(5), Clock.systemUTC()))
                .hasMessageContaining("at least a minute");
    }
}
