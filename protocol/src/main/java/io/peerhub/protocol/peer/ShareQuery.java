package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A search of one peer's catalogue: the files whose path holds every word of {@code text} (a
 * blank text lists them all: browsing), from the {@code from}-th match. Sent over the data
 * channel to each peer that shares, so the signaling server never sees a query.
 */
public record ShareQuery(String id, String text, long from) implements PeerMessage {

    public static final String TYPE = "share-query";

    public ShareQuery {
        if (text.codePointCount(0, text.length()) > Shares.MAX_QUERY_CODE_POINTS) {
            throw new PeerProtocolException("share-query.text must be at most " + Shares.MAX_QUERY_CODE_POINTS + " characters");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        out.put("text", text);
        out.put("from", from);
    }

    static ShareQuery read(Fields in) {
        String text = in.string("text");
        // Cheap bound first: more UTF-16 units than twice the limit cannot be within it.
        if (text.length() > 2 * Shares.MAX_QUERY_CODE_POINTS) {
            throw new PeerProtocolException("share-query.text must be at most " + Shares.MAX_QUERY_CODE_POINTS + " characters");
        }
        return new ShareQuery(Shares.requestId(in), text, in.count("from", Shares.MAX_CATALOGUE_FILES));
    }
}
