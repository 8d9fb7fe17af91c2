package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Enter a room. {@code resume} is the resume token of an earlier connection, or null. A token
 * that is malformed, unknown, expired or for another room is no error: the join is a fresh one.
 * The name is trimmed on construction.
 */
public record Join(int v, String room, String name, ClientKind kind, String resume) implements ClientMessage {

    public static final String TYPE = "join";

    public Join {
        name = DisplayName.normalize(name);
    }

    /** A fresh join at the current protocol version. */
    public static Join fresh(String room, String name, ClientKind kind) {
        return new Join(Protocol.VERSION, room, name, kind, null);
    }

    /** A join that asks to resume the peer that {@code resumeToken} was issued for. */
    public static Join resuming(String room, String name, ClientKind kind, String resumeToken) {
        return new Join(Protocol.VERSION, room, name, kind, resumeToken);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void checkValid() {
        checkVersion(v);
        if (!Ids.isRoomId(room)) {
            throw new ProtocolException(ErrorCode.BAD_ROOM,
                    "room must be " + Ids.ROOM_ID_MIN_LENGTH + "-" + Ids.ROOM_ID_MAX_LENGTH
                            + " characters of A-Z a-z 0-9 _ -", TYPE);
        }
        DisplayName.check(name, TYPE);
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("v", v);
        out.put("room", room);
        out.put("name", name);
        out.put("kind", kind.wire());
        if (resume != null) {
            out.put("resume", resume);
        }
    }

    static Join read(JsonFields in) {
        // The version is judged before any other field: a later version may shape join differently.
        long v = in.requiredInteger("v");
        checkVersion(v);
        return new Join((int) v,
                in.requiredString("room"),
                in.requiredString("name"),
                in.requiredEnum("kind", ClientKind::fromWire, "one of browser, native, drop"),
                in.optionalString("resume"));
    }

    private static void checkVersion(long v) {
        if (v != Protocol.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "this server speaks protocol version " + Protocol.VERSION, TYPE);
        }
    }
}
