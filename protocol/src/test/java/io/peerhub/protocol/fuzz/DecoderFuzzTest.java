package io.peerhub.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerhub.protocol.vectors.VectorInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of every decoder that reads a peer's or a client's bytes; the
 * properties are {@link Decoder}'s. Seeds are the shared vectors' inputs, plus the crashes found
 * so far in {@code src/test/resources/io/peerhub/protocol/fuzz/DecoderFuzzTestInputs/<method>/}.
 *
 * <p>In the normal suite every method runs in regression mode (its seeds, as a parameterized
 * test), and the build's {@code fuzz-in-suite} profile fuzzes {@link #everyDecoder} for
 * {@code maxDuration} in a JVM of its own. A longer run of one decoder (Jazzer fuzzes one method
 * per JVM) is the command in docs/reliability.md, "Fuzzing the decoders".
 */
class DecoderFuzzTest {

    /** How long a per-decoder method fuzzes when run alone with JAZZER_FUZZ=1: the long run. */
    private static final String LONG_RUN = "5m";

    @MethodSource("signalingClientSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void signalingClientFrames(byte[] frame) {
        Decoder.SIGNALING_CLIENT.check(frame);
    }

    @MethodSource("signalingServerSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void signalingServerFrames(byte[] frame) {
        Decoder.SIGNALING_SERVER.check(frame);
    }

    @MethodSource("controlSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void controlMessages(byte[] message) {
        Decoder.PEER_CONTROL.check(message);
    }

    @MethodSource("transferChannelSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void transferChannelMessages(byte[] message) {
        Decoder.TRANSFER_CHANNEL.check(message);
    }

    @MethodSource("cursorSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void cursorMessages(byte[] message) {
        Decoder.CURSOR.check(message);
    }

    @MethodSource("offerSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void offerPartsIntoManifests(byte[] parts) {
        Decoder.OFFER_PARTS.check(parts);
    }

    @MethodSource("chunkSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void chunkFrames(byte[] frame) {
        Decoder.CHUNK.check(frame);
    }

    @MethodSource("docFrameSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void documentSyncFrames(byte[] frames) {
        Decoder.DOC_FRAMES.check(frames);
    }

    @MethodSource("nameSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void savedFileNames(byte[] utf16) {
        Decoder.SAFE_NAME.check(utf16);
    }

    @MethodSource("trustSeeds")
    @FuzzTest(maxDuration = LONG_RUN)
    void proofsAndKeys(byte[] input) {
        Decoder.TRUST.check(input);
    }

    /** All decoders in one fuzz run, the first byte choosing which: what the suite fuzzes for a few seconds. */
    @MethodSource("everySeed")
    @FuzzTest(maxDuration = "20s")
    void everyDecoder(byte[] input) {
        Decoder.checkAny(input);
    }

    static Stream<Arguments> signalingClientSeeds() {
        return seeds(VectorInputs.frames("signaling-client"));
    }

    static Stream<Arguments> signalingServerSeeds() {
        return seeds(VectorInputs.frames("signaling-server"));
    }

    static Stream<Arguments> controlSeeds() {
        return seeds(VectorInputs.frames("control"));
    }

    static Stream<Arguments> transferChannelSeeds() {
        return seeds(VectorInputs.frames("transfer-channel"));
    }

    static Stream<Arguments> cursorSeeds() {
        return seeds(VectorInputs.frames("cursor"));
    }

    static Stream<Arguments> offerSeeds() {
        return seeds(VectorInputs.offerParts().stream().map(FuzzFrames::join).filter(Objects::nonNull).toList());
    }

    static Stream<Arguments> chunkSeeds() {
        return seeds(VectorInputs.chunks());
    }

    static Stream<Arguments> docFrameSeeds() {
        return seeds(VectorInputs.docFramePushes().stream().map(FuzzFrames::join).filter(Objects::nonNull).toList());
    }

    static Stream<Arguments> nameSeeds() {
        return seeds(VectorInputs.names().stream().map(n -> n.getBytes(StandardCharsets.UTF_16BE)).toList());
    }

    static Stream<Arguments> trustSeeds() {
        return seeds(List.of("v=0\r\na=fingerprint:sha-256 AB:CD\r\n".getBytes(StandardCharsets.UTF_8),
                "AAECAwQFBgcICQoLDA0ODw".getBytes(StandardCharsets.UTF_8), new byte[32 + 64 + 5]));
    }

    static Stream<Arguments> everySeed() {
        return Stream.of(
                        tagged(Decoder.SIGNALING_CLIENT, signalingClientSeeds()),
                        tagged(Decoder.SIGNALING_SERVER, signalingServerSeeds()),
                        tagged(Decoder.PEER_CONTROL, controlSeeds()),
                        tagged(Decoder.TRANSFER_CHANNEL, transferChannelSeeds()),
                        tagged(Decoder.CURSOR, cursorSeeds()),
                        tagged(Decoder.OFFER_PARTS, offerSeeds()),
                        tagged(Decoder.CHUNK, chunkSeeds()),
                        tagged(Decoder.DOC_FRAMES, docFrameSeeds()),
                        tagged(Decoder.SAFE_NAME, nameSeeds()),
                        tagged(Decoder.TRUST, trustSeeds()))
                .flatMap(s -> s);
    }

    /**
     * The seeds as arguments; long ones are left out, since a fuzzer mutating 300 KB inputs runs a
     * hundred times slower and the limits they test are reached by mutation anyway.
     */
    private static Stream<Arguments> seeds(List<byte[]> inputs) {
        return inputs.stream().filter(b -> b.length <= 20_000).map(b -> Arguments.of((Object) b));
    }

    private static Stream<Arguments> tagged(Decoder decoder, Stream<Arguments> seeds) {
        return seeds.map(a -> Arguments.of((Object) decoder.prefixed((byte[]) a.get()[0])));
    }
}
