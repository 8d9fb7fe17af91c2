package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * How the Java side runs one kind of vector: through the same code production uses. A check
 * returns why the case failed, or empty when the implementation did exactly what the case says.
 */
interface Check {

    Optional<String> run(JsonNode c);

    /** Every kind of vector, by the {@code kind} its file names. */
    Map<String, Check> ALL = Map.ofEntries(
            Map.entry("signaling-client", SignalingChecks::client),
            Map.entry("signaling-server", SignalingChecks::server),
            Map.entry("control", PeerMessageChecks::control),
            Map.entry("transfer-channel", PeerMessageChecks::transferChannel),
            Map.entry("cursor", PeerMessageChecks::cursor),
            Map.entry("signal-data", PeerMessageChecks::signalData),
            Map.entry("manifest", ManifestChecks::manifest),
            Map.entry("chunk", BinaryChecks::chunk),
            Map.entry("doc-frames", BinaryChecks::docFrames),
            Map.entry("names", TextChecks::names),
            Map.entry("titles", TextChecks::titles),
            Map.entry("limits", LimitChecks::limit),
            Map.entry("trust", TrustChecks::trust),
            Map.entry("file-type", PolicyChecks::fileType),
            Map.entry("policy", PolicyChecks::policy));

    static Optional<String> run(Vector v) {
        Check check = ALL.get(v.kind());
        if (check == null) {
            return Optional.of("no Java check for vectors of kind " + v.kind());
        }
        try {
            return check.run(v.body());
        } catch (RuntimeException e) {
            return Optional.of("threw " + e);
        }
    }

    static Optional<String> ok() {
        return Optional.empty();
    }

    static Optional<String> fail(String why) {
        return Optional.of(why);
    }

    /** The text of a frame: {@code frame} as written, or {@code json} serialised; {@code bytes}, when given, pins its UTF-8 size. */
    static String frame(JsonNode c) {
        String text = c.has("frame") ? c.get("frame").textValue() : text(c.get("json"));
        if (c.has("bytes") && text.getBytes(StandardCharsets.UTF_8).length != c.get("bytes").intValue()) {
            throw new IllegalStateException("the frame is " + text.getBytes(StandardCharsets.UTF_8).length
                    + " bytes, not the " + c.get("bytes") + " the case says");
        }
        return text;
    }

    /** A JSON value as compact text, as a peer would send it. */
    static String text(JsonNode json) {
        try {
            return VectorFiles.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empty when {@code actual} (JSON text) is the same JSON as {@code expected}, key order aside. */
    static Optional<String> sameJson(JsonNode expected, String actual) {
        try {
            JsonNode a = VectorFiles.MAPPER.readTree(actual);
            JsonNode e = VectorFiles.MAPPER.readTree(VectorFiles.MAPPER.writeValueAsString(expected));
            return a.equals(e) ? ok() : fail("decoded to " + shorten(actual) + ", not " + shorten(e.toString()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }
}
