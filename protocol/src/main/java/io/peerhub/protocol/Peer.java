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

    static Peer read(JsonFields in) {
        return new Peer(
                in.requiredString("id"),
                in.requiredString("name"),
                in.requiredEnum("kind", ClientKind::fromWire, "one of browser, native, drop"));
    }
}
