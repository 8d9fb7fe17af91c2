package io.peerhub.server;

import io.peerhub.server.turn.TurnCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Short-lived TURN credentials minted per peer (coturn's {@code use-auth-secret}, docs/protocol.md
 * "TURN credentials and their renewal").
 *
 * @param secret the secret shared with the TURN server ({@code static-auth-secret}); never logged
 * @param urls   the TURN server's {@code turn:}/{@code turns:} URLs, handed out with the credentials
 * @param ttl    how long a minted credential stays valid; at least {@link TurnCredentials#MIN_TTL}
 */
public record TurnConfig(String secret, List<String> urls, Duration ttl) {

    /** Below this, one captured credential lets anyone find the secret offline; warned about at start-up. */
    static final int WEAK_SECRET_LENGTH = 16;

    public TurnConfig {
        Objects.requireNonNull(secret, "secret");
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        Objects.requireNonNull(ttl, "ttl");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the TURN secret must not be empty");
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("--turn-secret needs at least one --turn-url");
        }
        for (String url : urls) {
            if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                throw new IllegalArgumentException("'" + url + "' is not a turn: or turns: URL (STUN goes in --ice-server)");
            }
        }
        if (ttl.compareTo(TurnCredentials.MIN_TTL) < 0) {
            throw new IllegalArgumentException("--turn-ttl must be at least a minute");
        }
    }

    /** The secret stays out of every log line and error message that prints a configuration. */
    @Override
    public String toString() {
        return "TurnConfig[secret=(hidden), urls=" + urls + ", ttl=" + ttl + "]";
    }
}
