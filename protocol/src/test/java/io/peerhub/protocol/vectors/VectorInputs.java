package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The inputs of the shared vectors as the bytes a decoder reads, for the fuzz tests' seeds
 * (io.peerhub.protocol.fuzz): every case both implementations agree on is a good place for a
 * fuzzer to start mutating from. Cases whose input is several frames come as a list per case.
 */
public final class VectorInputs {

    private static final HexFormat HEX = HexFormat.of();

    private VectorInputs() {}

    /** The frame of each case of {@code kind} that has one ({@code frame} or {@code json}), as UTF-8. */
    public static List<byte[]> frames(String kind) {
        List<byte[]> out = new ArrayList<>();
        for (Vector v : of(kind)) {
            if (v.body().has("frame") || v.body().has("json")) {
                out.add(Check.frame(v.body()).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The offer parts of each manifest case, in arrival order. */
    public static List<List<byte[]>> offerParts() {
        List<List<byte[]>> out = new ArrayList<>();
        for (Vector v : of("manifest")) {
            List<byte[]> parts = new ArrayList<>();
            for (JsonNode part : v.body().get("parts")) {
                parts.add((part.isTextual() ? part.textValue() : Check.text(part)).getBytes(StandardCharsets.UTF_8));
            }
            out.add(parts);
        }
        return out;
    }

    /** The frames pushed into one receiver by each reassembly case of doc-frames.json. */
    public static List<List<byte[]>> docFramePushes() {
        List<List<byte[]>> out = new ArrayList<>();
        for (Vector v : of("doc-frames")) {
            if (v.body().has("push")) {
                List<byte[]> frames = new ArrayList<>();
                v.body().get("push").forEach(f -> frames.add(HEX.parseHex(f.textValue())));
                out.add(frames);
            } else if (v.body().has("frames")) {
                List<byte[]> frames = new ArrayList<>();
                v.body().get("frames").forEach(f -> frames.add(HEX.parseHex(f.textValue())));
                out.add(frames);
            }
        }
        return out;
    }

    /** Each chunk case's frame. */
    public static List<byte[]> chunks() {
        List<byte[]> out = new ArrayList<>();
        for (Vector v : of("chunk")) {
            out.add(HEX.parseHex(v.body().get("hex").textValue()));
        }
        return out;
    }

    /** Each name case's component (the names a peer's manifest may carry). */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Vector v : of("names")) {
            if (v.body().has("component")) {
                out.add(v.body().get("component").textValue());
            } else if (v.body().has("numbered")) {
                out.add(v.body().get("numbered").get(0).textValue());
            }
        }
        return out;
    }

    private static List<Vector> of(String kind) {
        return VectorFiles.load().stream().filter(v -> v.kind().equals(kind)).toList();
    }
}
