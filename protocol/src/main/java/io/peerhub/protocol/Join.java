package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.trust.RoomKey;

/**
 * Enter a room. {@code proof} is the room's admission proof (docs/protocol.md "The room key"):
 * the server admits the join only if the room id is the hash of it. {@code resume} is the resume
 * token of an earlier connection, or null; a token that is malformed, unknown, expired or for
 * another room is no error: the join is a fresh one. The name is trimmed on construction.
 */
public record Join(int v, String room, String proof, String name, ClientKind kind, String resume) implements ClientMessage {

    public static final String TYPE = "join";

    public Join {
        name = DisplayName.normalize(name);
    }

    /** A fresh join to the room of {@code key} at the current protocol version. */
    public static Join fresh(RoomKey key, String name, ClientKind kind) {
        return new Join(Protocol.VERSION, key.roomId(), key.admissionProof(), name, kind, null);
    }

    /** A join that asks to resume the peer that {@code resumeToken} was issued for. */
    public static Join resuming(RoomKey key, String name, ClientKind kind, String resumeToken) {
        return new Join(Protocol.VERSION, key.roomId(), key.admissionProof(), name, kind, resumeToken);
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
                    "room must be " + Ids.ROOM_ID_LENGTH + " characters of A-Z a-z 0-9 _ -", TYPE);
        }
        DisplayName.check(name, TYPE);
        if (RoomKey.roomIdForProof(proof) == null) {
            throw new ProtocolException(ErrorCode.BAD_PROOF,
                    "proof must be the room's admission proof (" + RoomKey.PROOF_LENGTH + " characters of base64url)", TYPE);
        }
    }

    /** Whether the proof admits to this room: the one check a node makes, by hashing. */
    public boolean admits() {
        return room.equals(RoomKey.roomIdForProof(proof));
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("v", v);
        out.put("room", room);
        if (proof != null) {
            out.put("proof", proof);
        }
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
                in.textOrNull("proof"),
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
