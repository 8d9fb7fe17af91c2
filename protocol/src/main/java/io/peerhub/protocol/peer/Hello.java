package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sent when the control channel opens. {@code device} (22-char base64url, or null) is stable per
 * browser profile or Java peer installation: it lets a receiver recognise a sender it was
 * receiving from before a reconnect, and offer to resume.
 */
public record Hello(int v, String name, String device) implements PeerMessage {

    public static final String TYPE = "hello";

    public static Hello of(String name, String device) {
        return new Hello(Transfers.PEER_PROTOCOL_VERSION, name, device);
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
    }

    static Hello read(Fields in) {
        long v = in.integer("v");
        if (v != Transfers.PEER_PROTOCOL_VERSION) {
            throw new PeerProtocolException("hello.v must be " + Transfers.PEER_PROTOCOL_VERSION);
        }
        // An odd device id (malformed, not a string) only costs the resume, never the hello.
        String device = in.stringOrNull("device");
        if (!TransferIds.isValid(device)) {
            device = null;
        }
        return new Hello((int) v, in.string("name"), device);
    }
}
