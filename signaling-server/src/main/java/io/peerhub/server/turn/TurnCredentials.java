package io.peerhub.server.turn;

import io.peerhub.protocol.IceServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in the "TURN REST API" scheme that coturn implements as
 * {@code use-auth-secret}: the username is {@code <expiry, unix seconds>:<peer id>} and the
 * credential is base64(HMAC-SHA1(shared secret, username)). The TURN server checks the HMAC
 * with the same secret and refuses the username once its time has passed, so a credential
 * copied out of a page stops working by itself and is tied to one peer id in the relay's logs;
 * nothing is stored on either side.
 */
public final class TurnCredentials {

    /** An hour: long enough that renewal is rare, short enough that a leaked one soon dies. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /**
     * The shortest lifetime: clients renew at 80 % of it but never within 20 s of the last
     * renewal (docs/protocol.md), and the TURN server's clock may be some seconds off ours.
     */
    public static final Duration MIN_TTL = Duration.ofMinutes(1);

    private final byte[] secret;
    private final List<String> urls;
    private final Duration ttl;
    private final Clock clock;

    public TurnCredentials(String secret, List<String> urls, Duration ttl, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the TURN secret must not be empty");
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a TURN secret needs at least one TURN URL");
        }
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("the TURN credential lifetime must be at least a minute");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.urls = List.copyOf(urls);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Fresh credentials for {@code peerId}, valid for the TTL from now (to the second below). */
    public Minted mint(String peerId) {
        Instant now = clock.instant();
        // The username holds whole seconds: the credential dies at the second the TURN server reads.
        Instant expires = Instant.ofEpochSecond(now.plus(ttl).getEpochSecond());
        String username = expires.getEpochSecond() + ":" + peerId;
        return new Minted(new IceServer(urls, username, credential(secret, username)), expires,
                Duration.between(now, expires));
    }

    public Duration ttl() {
        return ttl;
    }

    /** base64(HMAC-SHA1(secret, username)), as coturn computes it. */
    public static String credential(byte[] secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /**
     * One peer's TURN server entry, when it stops working, and how long that is from when it was
     * minted (what {@code iceTtlMs} tells the client).
     */
    public record Minted(IceServer server, Instant expires, Duration lifetime) {}
}
