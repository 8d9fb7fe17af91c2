package io.peerhub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Integers as both sides of the protocol read them. A browser's {@code JSON.parse} cannot tell
 * {@code 1} from {@code 1.0} or {@code 1e0}, and keeps integers exact only up to 2^53 − 1: so an
 * integer field holds any whole number within ±(2^53 − 1), however it is written, and nothing else.
 */
public final class JsonNumbers {

    private JsonNumbers() {}

    /** Whether {@code v} is a whole number within ±{@link Protocol#MAX_SAFE_INTEGER}. */
    public static boolean isSafeInteger(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return false;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() && Math.abs(v.longValue()) <= Protocol.MAX_SAFE_INTEGER;
        }
        if (v.isBigDecimal()) {
            BigDecimal d = v.decimalValue();
            return (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0)
                    && d.abs().compareTo(BigDecimal.valueOf(Protocol.MAX_SAFE_INTEGER)) <= 0;
        }
        double d = v.asDouble();
        return d == Math.rint(d) && Math.abs(d) <= Protocol.MAX_SAFE_INTEGER;
    }

    /** The value of a field that {@link #isSafeInteger} accepted. */
    public static long safeInteger(JsonNode v) {
        return v.isIntegralNumber() ? v.longValue() : v.decimalValue().longValue();
    }
}
