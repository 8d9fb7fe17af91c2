package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * "May I send you these?" One part of a manifest: {@code parts} messages whose {@code files}
 * concatenate in {@code part} order make the whole manifest of {@code fileCount} files,
 * {@code totalBytes} bytes.
 *
 * <p>The envelope ({@code id}, {@code part}, {@code parts}, {@code fileCount},
 * {@code totalBytes}, {@code files} being a list) is checked on read: a part without one is
 * dropped. The entries are judged with the whole manifest, so that a bad one is answered with
 * {@code bad-manifest}: {@code badEntry} then says which rule it broke (null when every entry
 * read), and {@code files} holds the entries that did.
 */
public record TransferOffer(String id, List<FileEntry> files, int fileCount, long totalBytes, int part, int parts,
                            String badEntry) implements PeerMessage {

    public static final String TYPE = "transfer-offer";

    public TransferOffer {
        files = List.copyOf(files);
    }

    public TransferOffer(String id, List<FileEntry> files, int fileCount, long totalBytes, int part, int parts) {
        this(id, files, fileCount, totalBytes, part, parts, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        ArrayNode list = out.putArray("files");
        files.forEach(f -> f.writeTo(list.addObject()));
        out.put("fileCount", fileCount);
        out.put("totalBytes", totalBytes);
        out.put("part", part);
        out.put("parts", parts);
    }

    static TransferOffer read(Fields in) {
        String id = TransferIds.check(in.string("id"), "transfer-offer.id");
        int parts = (int) in.count("parts", Transfers.MAX_PARTS);
        int part = (int) in.count("part", Transfers.MAX_PARTS);
        if (parts < 1 || part >= parts) {
            throw new PeerProtocolException("transfer-offer.part must be 0 <= part < parts <= " + Transfers.MAX_PARTS);
        }
        long fileCount = in.count("fileCount", Transfers.MAX_FILES);
        if (fileCount < 1) {
            throw new PeerProtocolException("transfer-offer.fileCount must be 1-" + Transfers.MAX_FILES);
        }
        long totalBytes = in.count("totalBytes", Transfers.MAX_SAFE_INTEGER);
        List<FileEntry> files = new ArrayList<>();
        String badEntry = null;
        List<Fields> entries = in.objects("files");
        for (int i = 0; i < entries.size() && badEntry == null; i++) {
            if (entries.get(i) == null) {
                badEntry = "file " + i + ": not an object";
                continue;
            }
            try {
                files.add(FileEntry.read(entries.get(i)));
            } catch (PeerProtocolException e) {
                badEntry = "file " + i + ": " + e.getMessage();
            }
        }
        return new TransferOffer(id, files, (int) fileCount, totalBytes, part, parts, badEntry);
    }
}
