package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** After a reconnect: "I still want transfer {@code id}; continue from what I {@code have}". */
public record TransferResume(String id, List<Have> have) implements PeerMessage {

    public static final String TYPE = "transfer-resume";

    public TransferResume {
        have = List.copyOf(have);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        ArrayNode list = out.putArray("have");
        have.forEach(h -> h.writeTo(list.addObject()));
    }

    static TransferResume read(Fields in) {
        return new TransferResume(TransferIds.check(in.string("id"), "transfer-resume.id"), Have.readList(in, "have"));
    }
}
