package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.peer.HistoryBatch;
import io.peerhub.protocol.peer.HistoryDigest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.Transfers;
import io.peerhub.protocol.trust.ChatBinding;
import io.peerhub.protocol.trust.DeviceKey;
import io.peerhub.protocol.trust.HelloBinding;
import io.peerhub.protocol.trust.Hkdf;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.protocol.trust.SafetyCode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The trust derivations (docs/protocol.md "Trust"): each case names an {@code op}, its
 * {@code input}, and the {@code value} the derivation must give, compared as JSON.
 */
final class TrustChecks {

    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Base64.Encoder B64E = Base64.getUrlEncoder().withoutPadding();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** PKCS#8 of an Ed25519 private key is this prefix and the 32-byte seed. */
    private static final byte[] PKCS8_PREFIX = HEX.parseHex("302e020100300506032b657004220420");

    private TrustChecks() {}

    static Optional<String> trust(JsonNode c) {
        JsonNode in = c.get("input");
        JsonNode got = switch (c.get("op").textValue()) {
            case "hkdf" -> JSON.textNode(HEX.formatHex(Hkdf.derive(HEX.parseHex(text(in, "ikm")),
                    HEX.parseHex(text(in, "salt")), HEX.parseHex(text(in, "info")), in.get("length").intValue())));
            case "room-key" -> roomKey(text(in, "key"));
            case "room-for-proof" -> nullable(RoomKey.roomIdForProof(text(in, "proof")));
            case "hello-binding" -> binding(in);
            case "sdp-fingerprint" -> nullable(HelloBinding.fingerprint(text(in, "sdp")));
            case "device-id" -> JSON.textNode(DeviceKey.deviceId(B64.decode(text(in, "deviceKey"))));
            case "safety-code" -> JSON.textNode(SafetyCode.of(B64.decode(text(in, "a")), B64.decode(text(in, "b"))));
            case "device-sign" -> sign(in);
            case "device-verify" -> JSON.booleanNode(DeviceKey.verify(B64.decode(text(in, "deviceKey")),
                    HEX.parseHex(text(in, "data")), B64.decode(text(in, "signature"))));
            case "chat-binding" -> JSON.textNode(HEX.formatHex(ChatBinding.bytes(text(in, "roomId"), text(in, "id"),
                    in.get("ts").longValue(), text(in, "name"), text(in, "text"), B64.decode(text(in, "deviceKey")))));
            case "chat-entry-verify" -> JSON.booleanNode(chatEntryHolds(in));
            case "history-digest" -> JSON.textNode(HistoryDigest.ofIds(pairs(in.get("entries"))));
            default -> throw new IllegalStateException("unknown trust op " + c.get("op"));
        };
        return Check.sameJson(c.get("value"), Check.text(got));
    }

    /** A well-formed entry whose signature holds for the room; false for any other. */
    private static boolean chatEntryHolds(JsonNode in) {
        try {
            ChatEntry e = new PeerCodec().decodeControl(Check.text(JSON.objectNode().put("type", "history").put("last", true)
                    .set("entries", JSON.arrayNode().add(in.get("entry")))).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Transfers.MAX_FRAME_BYTES) instanceof HistoryBatch b ? b.entries().get(0) : null;
            return e != null && e.signatureHolds(text(in, "roomId"));
        } catch (PeerProtocolException e) {
            return false;
        }
    }

    private static java.util.List<String[]> pairs(JsonNode list) {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        for (JsonNode pair : list) {
            out.add(new String[] {pair.get(0).textValue(), pair.get(1).textValue()});
        }
        return out;
    }

    private static JsonNode roomKey(String text) {
        RoomKey key = RoomKey.parse(text);
        if (key == null) {
            return JSON.nullNode();
        }
        return JSON.objectNode()
                .put("admissionProof", key.admissionProof())
                .put("roomId", key.roomId())
                .put("verifyKey", B64E.encodeToString(key.verifyKey()));
    }

    private static JsonNode binding(JsonNode in) {
        byte[] bytes = HelloBinding.bytes(text(in, "roomId"), text(in, "fromPeer"), text(in, "toPeer"),
                text(in, "fromFingerprint"), text(in, "toFingerprint"), B64.decode(text(in, "deviceKey")));
        ObjectNode out = JSON.objectNode().put("hex", HEX.formatHex(bytes));
        return out.put("proof", B64E.encodeToString(HelloBinding.proof(B64.decode(text(in, "verifyKey")), bytes)));
    }

    private static JsonNode sign(JsonNode in) {
        byte[] seed = HEX.parseHex(text(in, "seed"));
        byte[] data = HEX.parseHex(text(in, "data"));
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            byte[] signature = DeviceKey.sign(key, data);
            return JSON.objectNode().put("signature", B64E.encodeToString(signature));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static JsonNode nullable(String s) {
        return s == null ? JSON.nullNode() : JSON.textNode(s);
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("the case's input needs a string " + field);
        }
        return v.textValue();
    }
}
