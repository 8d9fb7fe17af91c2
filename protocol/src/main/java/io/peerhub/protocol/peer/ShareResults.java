package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The one answer to a {@code share-query}: at most {@link Shares#MAX_RESULTS} files from the
 * {@code from}-th match, and how many matched in all (so the searcher can ask for the next page).
 */
public record ShareResults(String id, long from, long total, List<ShareEntry> files) implements PeerMessage {

    public static final String TYPE = "share-results";

    public ShareResults {
        files = List.copyOf(files);
        if (files.size() > Shares.MAX_RESULTS) {
            throw new PeerProtocolException("share-results.files holds more than " + Shares.MAX_RESULTS);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        out.put("from", from);
        out.put("total", total);
        var list = out.putArray("files");
        files.forEach(f -> f.writeTo(list.addObject()));
    }

    static ShareResults read(Fields in) {
        return new ShareResults(Shares.requestId(in), in.count("from", Shares.MAX_CATALOGUE_FILES),
                in.count("total", Shares.MAX_CATALOGUE_FILES), in.list("files", ShareEntry::read));
    }
}
