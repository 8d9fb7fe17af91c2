package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerhub.protocol.peer.ChunkFrame;
import io.peerhub.protocol.peer.DocFrames;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.Reassembler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Binary frames, written as hex: transfer chunks and documents-channel sync frames. */
final class BinaryChecks {

    private static final HexFormat HEX = HexFormat.of();

    private BinaryChecks() {}

    /** {@code hex} reads as {@code file}, {@code offset}, {@code length} (and writes back as itself), or is {@code refused}. */
    static Optional<String> chunk(JsonNode c) {
        byte[] frame = HEX.parseHex(c.get("hex").textValue());
        ChunkFrame read;
        try {
            read = ChunkFrame.readHeader(ByteBuffer.wrap(frame));
        } catch (PeerProtocolException e) {
            return c.path("refused").asBoolean() ? Check.ok() : Check.fail("refused (" + e.getMessage() + ")");
        }
        if (c.path("refused").asBoolean()) {
            return Check.fail("read as " + read + ", not refused");
        }
        ChunkFrame expected = new ChunkFrame(c.get("file").longValue(), c.get("offset").longValue(), c.get("length").intValue());
        if (!read.equals(expected)) {
            return Check.fail("read as " + read + ", not " + expected);
        }
        ByteBuffer written = ByteBuffer.allocate(frame.length);
        ChunkFrame.writeHeader(written, (int) read.file(), read.offset());
        written.put(frame, frame.length - read.length(), read.length());
        String hex = HEX.formatHex(written.array());
        return hex.equals(c.get("hex").textValue()) ? Check.ok() : Check.fail("written as " + hex);
    }

    /**
     * Either framing ({@code doc}, {@code message}, {@code frameBytes} give {@code frames}, or are
     * {@code refused}) or reassembly ({@code push} frames one by one into one receiver, with
     * {@code maxMessageBytes} if given, and get {@code results}).
     */
    static Optional<String> docFrames(JsonNode c) {
        return c.has("push") ? reassemble(c) : frame(c);
    }

    private static Optional<String> frame(JsonNode c) {
        List<String> frames = new ArrayList<>();
        try {
            DocFrames.frame(c.get("doc").textValue(), HEX.parseHex(c.get("message").textValue()), c.get("frameBytes").intValue())
                    .forEach(f -> frames.add(HEX.formatHex(f)));
        } catch (IllegalArgumentException e) {
            return c.path("refused").asBoolean() ? Check.ok() : Check.fail("refused (" + e.getMessage() + ")");
        }
        if (c.path("refused").asBoolean()) {
            return Check.fail("framed as " + frames + ", not refused");
        }
        List<String> expected = new ArrayList<>();
        c.get("frames").forEach(f -> expected.add(f.textValue()));
        return frames.equals(expected) ? Check.ok() : Check.fail("framed as " + Check.shorten(frames.toString()));
    }

    private static Optional<String> reassemble(JsonNode c) {
        Reassembler r = c.has("maxMessageBytes") ? new Reassembler(c.get("maxMessageBytes").intValue()) : new Reassembler();
        JsonNode push = c.get("push");
        JsonNode results = c.get("results");
        if (push.size() != results.size()) {
            return Check.fail("the case needs one result per frame");
        }
        for (int i = 0; i < push.size(); i++) {
            String got = describe(r.push(HEX.parseHex(push.get(i).textValue())));
            String want = results.get(i).isTextual() ? results.get(i).textValue()
                    : results.get(i).get("doc").textValue() + ":" + results.get(i).get("message").textValue();
            if (!got.equals(want)) {
                return Check.fail("frame " + i + " gave " + got + ", not " + want);
            }
        }
        return Check.ok();
    }

    private static String describe(Reassembler.Result result) {
        if (result instanceof Reassembler.Message m) {
            return m.docId() + ":" + HEX.formatHex(m.message());
        }
        return result instanceof Reassembler.Partial ? "partial" : "dropped";
    }
}
