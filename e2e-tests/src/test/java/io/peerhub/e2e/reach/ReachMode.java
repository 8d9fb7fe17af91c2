package io.peerhub.e2e.reach;

import java.util.Locale;

/**
 * How the reach stories keep two peers off the direct path. On this project's machines they run
 * on {@link #TEST_HOSTS}; where namespaces cannot be made (no root, a locked-down container) they
 * fall back to {@link #RELAY_POLICY}, and say so. {@code -Dpeerhub.reach.mode=test-hosts} makes
 * the fallback an error (CI on a machine that must have namespaces); {@code relay-policy} forces
 * the fallback (to check it still works).
 */
public enum ReachMode {

    /** Each peer in its own network namespace that reaches the hub and not the other peer. */
    TEST_HOSTS("test hosts: each peer in a network namespace of its own, reaching only the hub"),

    /** Every peer on this host, each browser forced to {@code iceTransportPolicy: "relay"}. */
    RELAY_POLICY("one host: browsers forced to iceTransportPolicy \"relay\" (for machines where network namespaces cannot be made)");

    public static final String PROPERTY = "peerhub.reach.mode";

    private final String description;

    ReachMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** What {@code -Dpeerhub.reach.mode} asks for: null (auto), or one mode that must be used. */
    static ReachMode required() {
        String value = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> null;
            case "test-hosts" -> TEST_HOSTS;
            case "relay-policy" -> RELAY_POLICY;
            default -> throw new IllegalArgumentException(PROPERTY + " is auto, test-hosts or relay-policy, not " + value);
        };
    }
}
