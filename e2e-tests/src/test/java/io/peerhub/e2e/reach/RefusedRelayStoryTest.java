package io.peerhub.e2e.reach;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.e2e.RoomPage;
import io.peerhub.protocol.IceServer;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Credentials the relay must refuse: one past its expiry (handed out by a hub configured with a
 * stale static credential), and ones the hub mints with a secret that is not the relay's (a hub
 * and a relay configured apart). Coturn answers their allocations with 401 and they get no relay.
 */
class RefusedRelayStoryTest extends ReachStage {

    @Test
    void a_credential_past_its_expiry_is_refused_by_the_relay() {
        IceServer expired = coturn.expiredCredentialsFor("e2e", Duration.ofMinutes(5));
        refusedOnBothSides(withIceServer(hubConfig(), expired));
    }

    @Test
    void credentials_minted_with_another_secret_are_refused_by_the_relay() {
        refusedOnBothSides(withRelaySecret(hubConfig(), "not-" + coturn.secret()));
    }

    private static void refusedOnBothSides(ServerConfig config) {
        PeerhubServer hub = startServer(config);
        String room = newRoomUrl(hub);
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            shouldSeeRelayRefusal(alice, "Bob");
            shouldSeeRelayRefusal(bob, "Alice");
            assertThat(RtcHook.states(alice.page())).extracting(st -> st.get("connectionState")).doesNotContain("connected");
        }
    }
}
