package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One file of a share as a searcher sees it: its path under the shared folder (never an
 * absolute path), size, modification time (ms since epoch) and SHA-256 (null while the sharer is
 * still hashing it).
 */
public record ShareEntry(List<String> path, long size, long mtime, String sha256) {

    public ShareEntry {
        path = List.copyOf(path);
    }

    void writeTo(ObjectNode out) {
        path.forEach(out.putArray("path")::add);
        out.put("size", size);
        out.put("mtime", mtime);
        if (sha256 != null) {
            out.put("sha256", sha256);
        }
    }

    static ShareEntry read(Fields in) {
        String sha = in.optionalString("sha256");
        if (sha != null && !Manifest.isSha256(sha)) {
            throw new PeerProtocolException("field '" + in.path() + "sha256' must be 64 lowercase hex digits");
        }
        return new ShareEntry(Shares.path(in, "path"), in.count("size", Transfers.MAX_SAFE_INTEGER),
                in.count("mtime", Transfers.MAX_SAFE_INTEGER), sha);
    }
}
