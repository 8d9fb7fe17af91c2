package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * "May I send you these?" One part of a manifest: {@code parts} messages whose {@code files}
 * concatenate in {@code part} order make the whole manifest of {@code fileCount} files,
 * {@code totalBytes} bytes.
 */
public record TransferOffer(String id, List<FileEntry> files, int fileCount, long totalBytes, int part, int parts)
        implements PeerMessage {

    public static final String TYPE = "transfer-offer";

    public TransferOffer {
        files = List.copyOf(files);
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
        TransferOffer offer = new TransferOffer(
                TransferIds.check(in.string("id"), "transfer-offer.id"),
                in.list("files", FileEntry::read),
                in.smallInteger("fileCount"),
                in.integer("totalBytes"),
                in.smallInteger("part"),
                in.smallInteger("parts"));
        if (offer.parts < 1 || offer.parts > Transfers.MAX_PARTS || offer.part < 0 || offer.part >= offer.parts) {
            throw new PeerProtocolException("transfer-offer.part must be 0 <= part < parts <= " + Transfers.MAX_PARTS);
        }
        return offer;
    }
}
