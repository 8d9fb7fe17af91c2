package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * "Send me these": files of the sharer's catalogue, by path. The sharer answers with a {@code
 * transfer-offer} whose id is this {@code id} (a transfer id the puller chose, so it knows the
 * offer for what it asked), holding the files it serves; or with {@code share-refused}.
 */
public record SharePull(String id, List<List<String>> files) implements PeerMessage {

    public static final String TYPE = "share-pull";

    public SharePull {
        files = files.stream().map(List::copyOf).toList();
        if (!TransferIds.isValid(id)) {
            throw new PeerProtocolException("share-pull.id must be a transfer id");
        }
        if (files.isEmpty() || files.size() > Shares.MAX_PULL_FILES) {
            throw new PeerProtocolException("share-pull.files must hold 1-" + Shares.MAX_PULL_FILES + " files");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        var list = out.putArray("files");
        files.forEach(path -> path.forEach(list.addObject().putArray("path")::add));
    }

    static SharePull read(Fields in) {
        return new SharePull(in.string("id"), in.list("files", f -> Shares.path(f, "path")));
    }
}
