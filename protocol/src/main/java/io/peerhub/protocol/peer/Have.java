package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a receiver already holds of one file: the first {@code bytes} bytes of file {@code file}. */
public record Have(int file, long bytes) {

    void writeTo(ObjectNode out) {
        out.put("file", file);
        out.put("bytes", bytes);
    }

    static Have read(Fields in) {
        return new Have(in.fileIndex("file"), in.count("bytes", Transfers.MAX_SAFE_INTEGER));
    }

    /** A {@code have} list: at most one entry per file of a manifest. */
    static List<Have> readList(Fields in, String field) {
        List<Have> have = in.list(field, Have::read);
        if (have.size() > Transfers.MAX_FILES) {
            throw new PeerProtocolException("field '" + field + "' holds more than " + Transfers.MAX_FILES + " entries");
        }
        return have;
    }
}
