package io.peerhub.protocol.trust;

import java.util.Arrays;

/**
 * A short code two people compare out of band (read aloud, side by side) to know that the
 * device keys their screens show are each other's: five groups of four digits (about 66 bits)
 * from SHA-256 over both keys in a fixed order, so both screens show the same code.
 */
public final class SafetyCode {

    static final String TAG = "peerhub-safety-v2";
    static final int GROUPS = 5;

    private SafetyCode() {}

    public static String of(byte[] deviceKeyA, byte[] deviceKeyB) {
        boolean aFirst = Arrays.compareUnsigned(deviceKeyA, deviceKeyB) <= 0;
        byte[] hash = RoomKey.sha256(RoomKey.utf8(TAG), aFirst ? deviceKeyA : deviceKeyB, aFirst ? deviceKeyB : deviceKeyA);
        StringBuilder code = new StringBuilder();
        for (int g = 0; g < GROUPS; g++) {
            long word = ((hash[4 * g] & 0xFFL) << 24) | ((hash[4 * g + 1] & 0xFFL) << 16)
                    | ((hash[4 * g + 2] & 0xFFL) << 8) | (hash[4 * g + 3] & 0xFFL);
            if (g > 0) {
                code.append(' ');
            }
            code.append(String.format("%04d", word % 10_000));
        }
        return code.toString();
    }
}
