package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One file of a manifest. {@code path} is folder components then the file name, never parsed
 * out of a string; {@code type} is informational; {@code sha256} is optional (null).
 * Field types are checked on read; the rules of the whole manifest in {@link Manifest}.
 */
public record FileEntry(List<String> path, long size, String type, String sha256) {

    public FileEntry {
        path = List.copyOf(path);
        type = type == null ? "" : type;
    }

    void writeTo(ObjectNode out) {
        path.forEach(out.putArray("path")::add);
        out.put("size", size);
        out.put("type", type);
        if (sha256 != null) {
            out.put("sha256", sha256);
        }
    }

    static FileEntry read(Fields in) {
        return new FileEntry(in.strings("path"), in.integer("size"), in.string("type"), in.optionalString("sha256"));
    }
}
