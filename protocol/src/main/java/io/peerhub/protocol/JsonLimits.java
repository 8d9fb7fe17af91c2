package io.peerhub.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The JSON limits of a signaling frame (docs/protocol.md, "Transport"), enforced by the parser as
 * it reads, before anything is built from the text: nesting, string length, number length and
 * exponent. What breaks one is {@code bad-json}, like any text that is not JSON we read.
 *
 * <p>Jackson's own constraints bound depth and strings exactly as the protocol says. Its number
 * length counts digits in its own way (a leading {@code 0} is not counted), so the protocol's rule,
 * characters as written, is checked here on each number token; Jackson's digit bound set to the
 * same figure then never refuses a number the protocol's rule accepts.
 */
final class JsonLimits {

    private JsonLimits() {}

    static JsonFactory factory() {
        return JsonFactory.builder()
                // A frame is one object: duplicate keys are not JSON we accept.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Protocol.MAX_JSON_DEPTH)
                        .maxNumberLength(Protocol.MAX_NUMBER_CHARS)
                        // No string of a client frame can be longer than the frame; this bounds one of
                        // the server's frames too, which have no size limit of their own.
                        .maxStringLength(Protocol.MAX_MESSAGE_BYTES)
                        .maxNameLength(Protocol.MAX_MESSAGE_BYTES)
                        .build())
                .build();
    }

    /** {@code parser}, refusing a number the protocol does not take as soon as it is read. */
    static JsonParser bounded(JsonParser parser) {
        return new JsonParserDelegate(parser) {
            @Override
            public JsonToken nextToken() throws IOException {
                JsonToken token = super.nextToken();
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    String refused = refusal(getText());
                    if (refused != null) {
                        throw new JsonParseException(this, refused);
                    }
                }
                return token;
            }
        };
    }

    /**
     * Why the number {@code text} (valid JSON) is refused, or null when it is taken: as written,
     * and as the relay writes it again. A fraction or exponent is held as a {@code BigDecimal}
     * and re-emitted in its canonical form ({@code 15e1000} as {@code 1.5E+1001}), which the
     * receiving client judges by the same rules: a number whose canonical form breaks them would
     * be relayed into a frame its receiver drops (found by fuzzing), so it is refused here.
     */
    static String refusal(String text) {
        String written = writtenRefusal(text);
        if (written != null || !isDecimal(text)) {
            return written;
        }
        // Cheap once the written form is bounded: at most 100 digits, an exponent within ±1,000.
        String canonical = new BigDecimal(text).toString();
        return canonical.equals(text) ? null : writtenRefusal(canonical);
    }

    private static boolean isDecimal(String text) {
        return text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0;
    }

    private static String writtenRefusal(String text) {
        if (text.length() > Protocol.MAX_NUMBER_CHARS) {
            return "number longer than " + Protocol.MAX_NUMBER_CHARS + " characters";
        }
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e < 0) {
            return null;
        }
        int digits = e + 1;
        if (digits < text.length() && (text.charAt(digits) == '+' || text.charAt(digits) == '-')) {
            digits++;
        }
        while (digits < text.length() - 1 && text.charAt(digits) == '0') {
            digits++;
        }
        String exponent = text.substring(digits);
        // At most 100 characters in all, so a long exponent is refused by its length before it is parsed.
        return exponent.length() > 4 || Integer.parseInt(exponent) > Protocol.MAX_NUMBER_EXPONENT
                ? "number exponent beyond ±" + Protocol.MAX_NUMBER_EXPONENT : null;
    }
}
