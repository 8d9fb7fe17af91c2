package io.peerhub.peer.signaling;

import io.peerhub.protocol.Protocol;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * When to ask the server for fresh TURN credentials (docs/protocol.md, "TURN credentials and
 * their renewal"), the browser's rule (web-client/src/ice-renewal.ts): at 80 % of the lifetime
 * the server said they have, never sooner than {@link Protocol#ICE_RENEW_INTERVAL_MILLIS}.
 * Credentials without a lifetime are never renewed. The rule is a value so that a test can make
 * it seconds instead of minutes and still go through the real server and the real links.
 */
public final class IceRenewal {

    /** The share of the lifetime after which we renew: the last fifth is the margin. */
    public static final double RENEW_AT_FRACTION = 0.8;
    static final Duration MIN_DELAY = Duration.ofMillis(Protocol.ICE_RENEW_INTERVAL_MILLIS);

    private final UnaryOperator<Duration> delay;

    private IceRenewal(UnaryOperator<Duration> delay) {
        this.delay = delay;
    }

    /** The protocol's rule: 80 % of the lifetime, at least the renewal interval. */
    public static IceRenewal standard() {
        return new IceRenewal(IceRenewal::standardDelay);
    }

    /** Renews {@code delay} after each lifetime arrives, whatever it is: for tests that cannot wait 48 s. */
    public static IceRenewal after(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return new IceRenewal(lifetime -> delay);
    }

    /** How long after credentials that last {@code lifetime} arrive we ask for new ones. */
    public Duration delayFor(Duration lifetime) {
        return delay.apply(lifetime);
    }

    static Duration standardDelay(Duration lifetime) {
        Duration share = Duration.ofMillis((long) (lifetime.toMillis() * RENEW_AT_FRACTION));
        return share.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : share;
    }
}
