package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a peer shares: how many files and bytes its catalogue holds (0 files: nothing). Sent to
 * each peer once it is verified and again when the catalogue changes; it is what makes an
 * avatar offer {@code Browse shared files}.
 */
public record ShareStatus(long files, long bytes) implements PeerMessage {

    public static final String TYPE = "share-status";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("files", files);
        out.put("bytes", bytes);
    }

    static ShareStatus read(Fields in) {
        return new ShareStatus(in.count("files", Shares.MAX_CATALOGUE_FILES), in.count("bytes", Transfers.MAX_SAFE_INTEGER));
    }
}
