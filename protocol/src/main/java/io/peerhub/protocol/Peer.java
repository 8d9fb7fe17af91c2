package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A peer as every other peer in the room sees it. */
public record Peer(String id, String name, ClientKind kind) {

    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    void writeTo(ObjectNode out) {
        out.put("id", id);
        out.put("name", name);
        out.put("kind", kind.wire());
    }

    /**
     * A peer as a client reads it from the server: its id, its kind and its name are checked by
     * the same rules the server applies, because the name is painted and the id addressed.
     */
    static Peer read(JsonFields in) {
        String id = in.requiredPeerId("id");
        String name = in.requiredString("name");
        ClientKind kind = in.requiredEnum("kind", ClientKind::fromWire, "one of browser, native, drop");
        if (!name.equals(DisplayName.normalize(name))) {
            throw in.invalid("name", "a trimmed display name");
        }
        try {
            DisplayName.check(name, null);
        } catch (ProtocolException e) {
            throw in.invalid("name", "a display name");
        }
        return new Peer(id, name, kind);
    }
}
