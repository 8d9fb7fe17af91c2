package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code RTCConfiguration.iceServers}: STUN or TURN URLs and, for TURN, the
 * credentials. {@code username} and {@code credential} are null when absent.
 */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL");
        }
    }

    public static IceServer of(String... urls) {
        return new IceServer(List.of(urls), null, null);
    }

    void writeTo(ObjectNode out) {
        urls.forEach(out.putArray("urls")::add);
        if (username != null) {
            out.put("username", username);
        }
        if (credential != null) {
            out.put("credential", credential);
        }
    }

    static IceServer read(JsonFields in) {
        List<String> urls = in.requiredStrings("urls");
        if (urls.isEmpty()) {
            throw in.invalid("urls", "a list of at least one URL");
        }
        return new IceServer(urls, in.optionalString("username"), in.optionalString("credential"));
    }
}
