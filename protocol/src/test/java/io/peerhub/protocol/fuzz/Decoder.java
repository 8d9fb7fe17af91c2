package io.peerhub.protocol.fuzz;

import io.peerhub.protocol.ClientMessage;
import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.peer.ChunkFrame;
import io.peerhub.protocol.peer.CursorMessage;
import io.peerhub.protocol.peer.DocsProtocol;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.InvalidManifestException;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.OfferAssembly;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.Reassembler;
import io.peerhub.protocol.peer.SafeNames;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.protocol.peer.Transfers;
import io.peerhub.protocol.trust.DeviceKey;
import io.peerhub.protocol.trust.HelloBinding;
import io.peerhub.protocol.trust.RoomKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every Java decoder that reads bytes a peer or a client chose, with the property each must keep
 * whatever those bytes are: it gives a value or refuses with its documented exception
 * ({@link ProtocolException} but never {@code internal}, {@link PeerProtocolException},
 * {@link InvalidManifestException}, a {@code Dropped} result), never anything else; what it
 * accepts it can write back and read again as the same thing; and it returns within
 * {@link #MAX_MILLIS}. A broken property throws {@link AssertionError}, which the fuzzer reports
 * as a finding with the input that caused it.
 */
enum Decoder {

    /** What the server reads from a client's WebSocket (text frames; Jetty has checked the UTF-8). */
    SIGNALING_CLIENT(input -> {
        String frame = utf8(input);
        ClientMessage m;
        try {
            m = Codecs.SIGNALING.decodeClient(frame);
        } catch (ProtocolException refused) {
            notInternal(refused);
            return;
        }
        String written = Codecs.SIGNALING.encode(m);
        ClientMessage again = refusedAgain(() -> Codecs.SIGNALING.decodeClient(written), written);
        same(written, Codecs.SIGNALING.encode(again));
    }),

    /** What a browser tab or the Java peer reads from the server. */
    SIGNALING_SERVER(input -> {
        ServerMessage m;
        try {
            m = Codecs.SIGNALING.decodeServer(utf8(input));
        } catch (ProtocolException refused) {
            notInternal(refused);
            return;
        }
        String written = Codecs.SIGNALING.encode(m);
        same(written, Codecs.SIGNALING.encode(refusedAgain(() -> Codecs.SIGNALING.decodeServer(written), written)));
    }),

    /** The control channel: hello (with its proof), chat, offers, answers, resume records, cancels. */
    PEER_CONTROL(input -> {
        PeerMessage m;
        try {
            m = Codecs.PEER.decodeControl(input, Transfers.MAX_FRAME_BYTES);
        } catch (PeerProtocolException dropped) {
            return;
        }
        if (m instanceof TransferOffer offer && offer.badEntry() != null) {
            return; // answered bad-manifest; what it lists is not all it said
        }
        byte[] written = Codecs.PEER.encodeUtf8(m);
        PeerMessage again = refusedAgain(() -> Codecs.PEER.decodeControl(written, Transfers.MAX_FRAME_BYTES), utf8(written));
        same(utf8(written), Codecs.PEER.encode(again));
    }),

    /** A transfer channel's text frames: file-end, ack, file-result, transfer-done. */
    TRANSFER_CHANNEL(input -> {
        PeerMessage m;
        try {
            m = Codecs.PEER.decodeTransfer(input);
        } catch (PeerProtocolException dropped) {
            return;
        }
        byte[] written = Codecs.PEER.encodeUtf8(m);
        same(utf8(written), Codecs.PEER.encode(refusedAgain(() -> Codecs.PEER.decodeTransfer(written), utf8(written))));
    }),

    /** The documents channel's text messages. */
    CURSOR(input -> {
        try {
            CursorMessage.parse(utf8(input));
        } catch (PeerProtocolException dropped) {
            // the receiver drops it
        }
    }),

    /** Offer parts in arrival order, assembled per offer id as a receiver does, into manifests. */
    OFFER_PARTS(input -> {
        Map<String, OfferAssembly> pending = new HashMap<>();
        for (byte[] frame : FuzzFrames.split(input)) {
            PeerMessage m;
            try {
                m = Codecs.PEER.decodeControl(frame, Transfers.MAX_FRAME_BYTES);
            } catch (PeerProtocolException dropped) {
                continue;
            }
            if (!(m instanceof TransferOffer offer)) {
                continue;
            }
            try {
                Optional<Manifest> done = pending.computeIfAbsent(offer.id(), id -> new OfferAssembly(offer)).add(offer);
                if (done.isPresent()) {
                    pending.remove(offer.id());
                    checkManifest(done.get(), offer);
                }
            } catch (InvalidManifestException refused) {
                pending.remove(offer.id()); // answered bad-manifest; later parts start a new offer
            }
        }
    }),

    /** A transfer channel's binary frames. */
    CHUNK(input -> {
        ChunkFrame frame;
        try {
            frame = ChunkFrame.readHeader(ByteBuffer.wrap(input));
        } catch (PeerProtocolException refused) {
            return;
        }
        check(frame.length() == input.length - Transfers.CHUNK_HEADER_BYTES && frame.length() > 0, "data length " + frame);
        check(frame.offset() >= 0 && frame.offset() <= Transfers.MAX_SAFE_INTEGER, "offset " + frame);
        check(frame.file() >= 0 && frame.file() <= 0xffff_ffffL, "file " + frame);
    }),

    /** The documents channel's sync frames into one receiver, with a small limit so both sides of it are reached. */
    DOC_FRAMES(input -> {
        int max = 4096;
        Reassembler receiver = new Reassembler(max);
        for (byte[] frame : FuzzFrames.split(input)) {
            if (receiver.push(frame) instanceof Reassembler.Message m) {
                check(m.message().length >= 1 && m.message().length <= max, "a message of " + m.message().length + " bytes");
                check(DocsProtocol.isDocId(m.docId()), "document id " + m.docId());
            }
        }
    }),

    /**
     * A file name in a peer's manifest, as UTF-16 units (JSON strings can hold unpaired
     * surrogates): what it is saved as is one plain, harmless name, and so is its n-th alternative.
     */
    SAFE_NAME(input -> {
        char[] units = new char[input.length / 2];
        for (int i = 0; i < units.length; i++) {
            units[i] = (char) (((input[2 * i] & 0xff) << 8) | (input[2 * i + 1] & 0xff));
        }
        String saved = SafeNames.component(new String(units));
        checkSafeName(saved);
        checkSafeName(SafeNames.numbered(saved, 1 + (input.length > 0 ? input[0] & 0x7f : 0)));
    }),

    /** What a hello's proof and a join's proof are read from: base64url text, SDP, raw key and signature bytes. */
    TRUST(input -> {
        String text = utf8(input);
        RoomKey.roomIdForProof(text);
        HelloBinding.fingerprint(text);
        byte[] key = Arrays.copyOf(input, Math.min(input.length, DeviceKey.PUBLIC_KEY_BYTES));
        byte[] signature = Arrays.copyOfRange(input, key.length, Math.min(input.length, key.length + DeviceKey.SIGNATURE_BYTES));
        byte[] data = Arrays.copyOfRange(input, key.length + signature.length, input.length);
        check(!DeviceKey.verify(key, data, signature) || key.length == DeviceKey.PUBLIC_KEY_BYTES, "verified a key of " + key.length + " bytes");
    });

    /**
     * Longest one input may take. Every decoder here is linear in its input (at most 256 KiB), a
     * few milliseconds; one that took a second would be doing something super-linear. Generous,
     * because the machine is shared and the fuzzer's instrumentation slows the code.
     */
    static final long MAX_MILLIS = Long.getLong("peerhub.fuzz.maxMillis", 2_000);
    /** The first runs of a decoder load and instrument classes and warm the JIT: they are not timed. */
    private static final int UNTIMED_RUNS = 50;

    private final Consumer<byte[]> property;
    private int runs;

    Decoder(Consumer<byte[]> property) {
        this.property = property;
    }

    /** Runs this decoder on {@code input} and checks its property. */
    void check(byte[] input) {
        long started = System.nanoTime();
        try {
            property.accept(input);
        } catch (AssertionError broken) {
            throw broken;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(this + " threw " + e + " for " + shown(input), e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (++runs > UNTIMED_RUNS && millis > MAX_MILLIS && slowAgain(input)) {
            throw new AssertionError(this + " took " + millis + " ms for " + shown(input) + ", and as long again");
        }
    }

    /**
     * Whether a slow input is slow again, timed afresh: a pause of the machine's (a GC, a busy core)
     * is not the decoder's. The long run once stopped at a 16-byte offer that "took 2,122 ms" on a
     * machine with a load of 14; alone it takes 0.05 ms.
     */
    private boolean slowAgain(byte[] input) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            property.accept(input);
            least = Math.min(least, (System.nanoTime() - started) / 1_000_000);
        }
        return least > MAX_MILLIS;
    }

    /** The first byte chooses the decoder, the rest is its input: one fuzz run over them all. */
    static void checkAny(byte[] input) {
        if (input.length == 0) {
            return;
        }
        values()[(input[0] & 0xff) % values().length].check(Arrays.copyOfRange(input, 1, input.length));
    }

    /** {@code input} as {@link #checkAny} would send it to this decoder. */
    byte[] prefixed(byte[] input) {
        byte[] out = new byte[input.length + 1];
        out[0] = (byte) ordinal();
        System.arraycopy(input, 0, out, 1, input.length);
        return out;
    }

    private static final class Codecs {
        static final MessageCodec SIGNALING = new MessageCodec();
        static final PeerCodec PEER = new PeerCodec();
    }

    private static void notInternal(ProtocolException refused) {
        check(refused.code() != ErrorCode.INTERNAL, "refused as internal: " + refused.getMessage());
    }

    /** A message written from what a decoder accepted must read back; its refusal is the finding. */
    private static <T> T refusedAgain(java.util.function.Supplier<T> decode, String written) {
        try {
            return decode.get();
        } catch (ProtocolException | PeerProtocolException e) {
            throw new AssertionError("accepted, but its own encoding " + shortened(written) + " is refused: " + e.getMessage(), e);
        }
    }

    private static void same(String written, String writtenAgain) {
        check(written.equals(writtenAgain), "read back differently: " + shortened(written) + " then " + shortened(writtenAgain));
    }

    private static void checkManifest(Manifest m, TransferOffer offer) {
        check(m.files().size() == offer.fileCount() && !m.files().isEmpty() && m.files().size() <= Transfers.MAX_FILES,
                m.files().size() + " files for a fileCount of " + offer.fileCount());
        long sum = 0;
        Set<List<String>> paths = new HashSet<>();
        for (FileEntry f : m.files()) {
            check(f.size() >= 0 && !f.path().isEmpty() && f.path().size() <= Transfers.MAX_PATH_COMPONENTS, "entry " + f);
            check(f.path().stream().noneMatch(c -> c.isEmpty() || c.equals(".") || c.equals("..")), "path " + f.path());
            check(paths.add(f.path()), "duplicate path " + f.path());
            sum += f.size();
        }
        check(sum == m.totalBytes() && sum == offer.totalBytes(), "sizes add up to " + sum + ", not " + m.totalBytes());
    }

    private static void checkSafeName(String name) {
        check(!name.isEmpty() && !name.equals(".") && !name.equals(".."), "saved as \"" + name + "\"");
        check(name.getBytes(StandardCharsets.UTF_8).length <= SafeNames.MAX_NAME_BYTES, "saved as a name of more than 255 bytes");
        check(name.chars().noneMatch(c -> c == '/' || c == '\\' || c == ':' || c < 0x20 || (c >= 0x7f && c <= 0x9f)),
                "saved with a separator or control character: " + shortened(name));
        check(!name.startsWith(" ") && !name.startsWith(".") && !name.endsWith(" ") && !name.endsWith("."),
                "saved with a leading or trailing dot or space: " + shortened(name));
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < name.length() && Character.isLowSurrogate(name.charAt(++i))
                    : !Character.isLowSurrogate(c);
            check(paired, "saved with an unpaired surrogate");
        }
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String shown(byte[] input) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 200));
        return input.length + " bytes " + hex + (input.length > 200 ? "…" : "");
    }

    private static String shortened(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
    }
}
