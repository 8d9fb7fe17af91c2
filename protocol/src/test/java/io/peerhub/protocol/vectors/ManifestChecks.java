package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.InvalidManifestException;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.OfferAssembly;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.protocol.peer.Transfers;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Offers as a receiver gets them: {@code parts} (frames, in arrival order) end in a
 * {@code manifest}, an {@code answer} of {@code bad-manifest}, or stay {@code pending}
 * (parts missing or dropped). A case decides at its last part, never before.
 */
final class ManifestChecks {

    private static final PeerCodec CODEC = new PeerCodec();

    private ManifestChecks() {}

    static Optional<String> manifest(JsonNode c) {
        JsonNode parts = c.get("parts");
        Map<String, OfferAssembly> pending = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            String text = part.isTextual() ? part.textValue() : Check.text(part);
            PeerMessage m;
            try {
                m = CODEC.decodeControl(PeerMessageChecks.utf8(text), Transfers.MAX_FRAME_BYTES);
            } catch (PeerProtocolException e) {
                continue; // dropped like any bad message: the offer waits for a good part
            }
            if (!(m instanceof TransferOffer offer)) {
                return Check.fail("part " + i + " is a " + m.type() + ", not an offer part");
            }
            Optional<Manifest> done;
            try {
                done = pending.computeIfAbsent(offer.id(), id -> new OfferAssembly(offer)).add(offer);
            } catch (InvalidManifestException e) {
                return decided(c, i, parts.size(), "answer bad-manifest (" + e.getMessage() + ")",
                        "bad-manifest".equals(c.path("answer").textValue()) ? null : "answered bad-manifest (" + e.getMessage() + ")");
            }
            if (done.isPresent()) {
                String json = toJson(done.get());
                if (!c.has("manifest")) {
                    return Check.fail("accepted as " + Check.shorten(json));
                }
                Optional<String> same = Check.sameJson(c.get("manifest"), json);
                return same.isPresent() ? same : decided(c, i, parts.size(), "manifest", null);
            }
        }
        return c.path("pending").asBoolean() ? Check.ok() : Check.fail("still waiting for parts after the last one");
    }

    private static Optional<String> decided(JsonNode c, int at, int parts, String what, String failure) {
        if (failure != null) {
            return Check.fail(failure);
        }
        return at == parts - 1 ? Check.ok() : Check.fail(what + " at part " + at + ", before the last part");
    }

    private static String toJson(Manifest m) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode files = out.putArray("files");
        for (FileEntry f : m.files()) {
            ObjectNode e = files.addObject();
            f.path().forEach(e.putArray("path")::add);
            e.put("size", f.size());
            e.put("type", f.type());
            if (f.sha256() != null) {
                e.put("sha256", f.sha256());
            }
        }
        out.put("totalBytes", m.totalBytes());
        return out.toString();
    }
}
