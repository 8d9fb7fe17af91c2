package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A sharer's no to a {@code share-pull}: none of its files can be served, and why. */
public record ShareRefused(String id, ShareRefusal reason) implements PeerMessage {

    public static final String TYPE = "share-refused";

    /** Why a pull gets nothing. */
    public enum ShareRefusal {
        /** None of the paths is in the catalogue (any more), or none is fit to serve. */
        NOT_SHARED("not-shared"),
        /** The sharer's share is limited to trusted devices and the puller is not one. */
        NOT_ALLOWED("not-allowed"),
        /** The sharer is already sending as many pulls as it serves at once. */
        BUSY("busy");

        private final String wire;

        ShareRefusal(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public ShareRefused {
        if (!TransferIds.isValid(id)) {
            throw new PeerProtocolException("share-refused.id must be a transfer id");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        out.put("reason", reason.wire());
    }

    static ShareRefused read(Fields in) {
        String wire = in.string("reason");
        for (ShareRefusal r : ShareRefusal.values()) {
            if (r.wire().equals(wire)) {
                return new ShareRefused(in.string("id"), r);
            }
        }
        throw new PeerProtocolException("field '" + in.path() + "reason' must be not-shared, not-allowed or busy");
    }
}
