package io.peerhub.protocol.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several frames in one fuzz input, for the decoders that keep state between frames (an offer's
 * parts, a document's sync frames): each frame is a 2-byte big-endian length and that many bytes;
 * a length past the end takes what is left. Any byte string is a valid list, so every mutation
 * the fuzzer makes is still a sequence of frames.
 */
final class FuzzFrames {

    /** More frames than any stateful decoder needs to reach each of its states. */
    static final int MAX_FRAMES = 64;

    private FuzzFrames() {}

    static List<byte[]> split(byte[] input) {
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at + 2 <= input.length && frames.size() < MAX_FRAMES) {
            int length = ((input[at] & 0xff) << 8) | (input[at + 1] & 0xff);
            at += 2;
            int end = Math.min(input.length, at + length);
            frames.add(Arrays.copyOfRange(input, at, end));
            at = end;
        }
        return frames;
    }

    /** The input {@link #split} reads back as {@code frames}; null when a frame is too long to say so. */
    static byte[] join(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            if (f.length > 0xffff) {
                return null;
            }
            out.write(f.length >>> 8);
            out.write(f.length & 0xff);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }
}
