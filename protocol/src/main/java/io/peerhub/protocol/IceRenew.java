package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Give me fresh ICE servers: the TURN credentials of my {@code welcome} (or of the last
 * {@link IceServers}) are about to expire. Answered by {@link IceServers}; bounded per connection
 * ({@link Protocol#ICE_RENEW_BURST}, {@link Protocol#ICE_RENEW_INTERVAL_MILLIS}).
 */
public record IceRenew() implements ClientMessage {

    public static final String TYPE = "ice-renew";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {}

    static IceRenew read(JsonFields in) {
        return new IceRenew();
    }
}
