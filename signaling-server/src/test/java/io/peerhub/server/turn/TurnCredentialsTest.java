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
    void a_second_vector_computed_by_openssl_matches_too() {
        // printf %s "1700003600:BBBBBBBBBBBBBBBBBBBBBB" | openssl dgst -sha1 -hmac s3cr3t-shared-with-coturn -binary | base64
        assertThat(TurnCredentials.credential("s3cr3t-shared-with-coturn".getBytes(StandardCharsets.UTF_8),
                "1700003600:BBBBBBBBBBBBBBBBBBBBBB")).isEqualTo("wLqkBQHzqStAc762iMiIpZL98Go=");
    }

    @Test
    void the_expiry_is_cut_to_the_second_the_username_names_and_the_lifetime_counts_to_it() {
        // 1699996400.75 + 61 s = 1699996461.75: the username says ...461, so 60.25 s are left
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_699_996_400L, 750_000_000), ZoneOffset.UTC);
        TurnCredentials.Minted minted = new TurnCredentials("north-wind-secret", List.of("turn:t"), Duration.ofSeconds(61), clock)
                .mint(PEER);
        assertThat(minted.server().username()).isEqualTo("1699996461:" + PEER);
        // printf %s "1699996461:AAAAAAAAAAAAAAAAAAAAAA" | openssl dgst -sha1 -hmac north-wind-secret -binary | base64
        assertThat(minted.server().credential()).isEqualTo("DmArf1NetSapBB56QmApfHBQBes=");
        assertThat(minted.expires()).isEqualTo(Instant.ofEpochSecond(1_699_996_461L));
        assertThat(minted.lifetime()).isEqualTo(Duration.ofMillis(60_250));
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
        assertThat(minted.lifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(turn.mint("BBBBBBBBBBBBBBBBBBBBBB").server().username()).isEqualTo("1700000000:BBBBBBBBBBBBBBBBBBBBBB");
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
