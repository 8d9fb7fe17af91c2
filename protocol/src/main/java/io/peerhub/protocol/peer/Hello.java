package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.trust.DeviceKey;
import java.util.Base64;

/**
 * Sent when the control channel opens. {@code device} (22-char base64url, or null) is stable per
 * browser profile or Java peer installation: it lets a receiver recognise a sender it was
 * receiving from before a reconnect, and offer to resume.
 *
 * <p>{@code key}, {@code sig} and {@code proof} (docs/protocol.md "Verifying a peer") come
 * together or not at all: the sender's device key, its signature over this connection's binding,
 * and the room's proof over the same binding. With a key, the device id is the key's, whatever
 * the hello claims. Whether they verify is the receiver's to check: it alone knows the
 * connection (both fingerprints, both peer ids).
 */
public record Hello(int v, String name, String device, String key, String sig, String proof) implements PeerMessage {

    public static final String TYPE = "hello";
    /** Base64url lengths of the proof fields. */
    public static final int KEY_LENGTH = DeviceKey.PUBLIC_KEY_LENGTH;
    public static final int SIGNATURE_LENGTH = DeviceKey.SIGNATURE_LENGTH;
    public static final int PROOF_LENGTH = 43;

    /** A hello without proof: what a peer that cannot prove anything sends. */
    public static Hello of(String name, String device) {
        return new Hello(Transfers.PEER_PROTOCOL_VERSION, name, device, null, null, null);
    }

    /** A hello with its proof; the device id is the key's. */
    public static Hello proven(String name, byte[] deviceKey, byte[] signature, byte[] proof) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return new Hello(Transfers.PEER_PROTOCOL_VERSION, name, DeviceKey.deviceId(deviceKey),
                b64.encodeToString(deviceKey), b64.encodeToString(signature), b64.encodeToString(proof));
    }

    /** Whether it carries a proof at all (not whether the proof holds). */
    public boolean hasProof() {
        return key != null;
    }

    public byte[] keyBytes() {
        return key == null ? null : Base64.getUrlDecoder().decode(key);
    }

    public byte[] sigBytes() {
        return sig == null ? null : Base64.getUrlDecoder().decode(sig);
    }

    public byte[] proofBytes() {
        return proof == null ? null : Base64.getUrlDecoder().decode(proof);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("v", v);
        out.put("name", name);
        if (device != null) {
            out.put("device", device);
        }
        if (key != null) {
            out.put("key", key);
            out.put("sig", sig);
            out.put("proof", proof);
        }
    }

    static Hello read(Fields in) {
        long v = in.integer("v");
        if (v != Transfers.PEER_PROTOCOL_VERSION) {
            throw new PeerProtocolException("hello.v must be " + Transfers.PEER_PROTOCOL_VERSION);
        }
        String name = in.string("name");
        if (!in.absent("key") || !in.absent("sig") || !in.absent("proof")) {
            // A tampered proof is no proof: the hello is dropped whole rather than read without it.
            String key = canonical(in, "key", KEY_LENGTH);
            String sig = canonical(in, "sig", SIGNATURE_LENGTH);
            String proof = canonical(in, "proof", PROOF_LENGTH);
            return new Hello((int) v, name, DeviceKey.deviceId(Base64.getUrlDecoder().decode(key)), key, sig, proof);
        }
        // An odd device id (malformed, not a string) only costs the resume, never the hello.
        String device = in.stringOrNull("device");
        if (!TransferIds.isValid(device)) {
            device = null;
        }
        return new Hello((int) v, name, device, null, null, null);
    }

    private static String canonical(Fields in, String field, int length) {
        String s = in.stringOrNull(field);
        if (s == null || s.length() != length || !s.matches("[A-Za-z0-9_-]+")) {
            throw new PeerProtocolException("hello." + field + " must be " + length + " base64url characters");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(s);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(s)) {
            throw new PeerProtocolException("hello." + field + " is not canonical base64url");
        }
        return s;
    }
}
