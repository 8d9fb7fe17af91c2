package io.peerhub.server.hostile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.IceRenew;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.Rename;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The frames a hostile client sends: valid messages out of order, the same mutated at the character
 * level (so the text stays UTF-8 and reaches the JSON parser), hostile numbers, nesting, strings and
 * types, oversized frames and binary ones; and, to end a connection, breaches of RFC 6455 itself.
 * Seeded, so a run can be repeated.
 */
final class HostileFrames {

    /** One frame to write, and what kind of hostility it is (for the report). */
    record Frame(String kind, int opcode, boolean fin, boolean rsv1, boolean masked, byte[] payload) {
        static Frame text(String kind, String text) {
            return new Frame(kind, HostileSocket.TEXT, true, false, true, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final String EDITS = "{}[]\":,0123456789eE+-.\\ntfa ";
    private static final MessageCodec CODEC = new MessageCodec();
    private static final String[] NUMBERS = {"1E+2147483648", "0.1E-2147483647", "1e999999999", "-0.0e-99999",
        "1" + "0".repeat(Protocol.MAX_NUMBER_CHARS), "1" + "0".repeat(5_000), "9007199254740993", "-9223372036854775809",
        "1e1000", "1e-1001", "NaN", "Infinity", "-", "0x10", "01", "1.", ".5", "1e", "2.5e+"};
    private static final String[] ODD_STRINGS = {"\\ud800", "\\udfff\\ud800", "\\u0000", "\\uZZZZ", "\\", "\u202e",
        "<script>alert(1)</script>", "../../etc/passwd", "\uFEFF", "\\u", "💥".repeat(1000)};
    private static final String[] ODD_VALUES = {"null", "true", "[]", "{}", "5", "\"\"", "[\"ping\"]", "{\"$ne\":1}",
        "\"__proto__\"", "-1", "1e308"};
    private static final String[] TYPES = {"join", "signal", "rename", "leave", "ping", "pong", "ice-renew", "welcome",
        "error", "peer-joined", "JOIN", "", "constructor", "__proto__", "toString"};

    private final Random random;
    private final List<String> bystanderIds;

    HostileFrames(long seed, List<String> bystanderIds) {
        this.random = new Random(seed);
        this.bystanderIds = bystanderIds;
    }

    /** A valid join of a fresh room: what a hostile connection that wants to be in a room sends first. */
    String join() {
        return CODEC.encode(Join.fresh(RoomKey.generate(), "Eve " + random.nextInt(1000), ClientKind.BROWSER));
    }

    /** A frame that leaves the connection open (the server answers it, or says nothing). */
    Frame next() {
        int pick = random.nextInt(100);
        if (pick < 20) {
            return Frame.text("valid", valid());
        } else if (pick < 50) {
            return Frame.text("mutated", mutate(valid()));
        } else if (pick < 58) {
            return Frame.text("number", "{\"type\":\"" + type() + "\",\"v\":" + pickOf(NUMBERS) + ",\"to\":"
                    + pickOf(NUMBERS) + "}");
        } else if (pick < 64) {
            return Frame.text("nested", nested());
        } else if (pick < 70) {
            return Frame.text("string", "{\"type\":\"rename\",\"name\":\"" + pickOf(ODD_STRINGS) + "\"}");
        } else if (pick < 78) {
            return Frame.text("types", "{\"type\":" + (random.nextBoolean() ? pickOf(ODD_VALUES) : "\"" + type() + "\"")
                    + ",\"to\":" + pickOf(ODD_VALUES) + ",\"data\":" + pickOf(ODD_VALUES) + ",\"name\":" + pickOf(ODD_VALUES)
                    + ",\"room\":" + pickOf(ODD_VALUES) + ",\"v\":" + pickOf(ODD_VALUES) + "}");
        } else if (pick < 84) {
            return Frame.text("junk", junk());
        } else if (pick < 87) {
            return Frame.text("oversized", oversized());
        } else if (pick < 90) {
            return Frame.text("cross-room", CODEC.encode(new SignalTo(
                    bystanderIds.isEmpty() ? "p" + random.nextInt() : pickOf(bystanderIds), data(64))));
        } else if (pick < 95) {
            byte[] bytes = new byte[random.nextInt(2_000)];
            random.nextBytes(bytes);
            return new Frame("binary", HostileSocket.BINARY, true, false, true, bytes);
        } else {
            // A WebSocket ping: the server must pong it at the transport, and nothing else.
            return new Frame("ws-ping", HostileSocket.PING, true, false, true, new byte[random.nextInt(126)]);
        }
    }

    /** A frame that breaks RFC 6455: the server closes the connection, and nothing else happens. */
    Frame ending() {
        return switch (random.nextInt(8)) {
            case 0 -> new Frame("invalid-utf8", HostileSocket.TEXT, true, false, true,
                    new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
            case 1 -> new Frame("unmasked", HostileSocket.TEXT, true, false, false, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            case 2 -> new Frame("rsv1", HostileSocket.TEXT, true, true, true, new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9});
            case 3 -> new Frame("bad-opcode", 0x3 + random.nextInt(5), true, false, true, new byte[8]);
            case 4 -> new Frame("lone-continuation", HostileSocket.CONTINUATION, true, false, true, "}".getBytes(StandardCharsets.UTF_8));
            case 5 -> new Frame("fragmented-control", HostileSocket.PING, false, false, true, new byte[4]);
            case 6 -> new Frame("past-websocket-limit", HostileSocket.TEXT, true, false, true,
                    ("{\"type\":\"ping\",\"x\":\"" + "a".repeat(2 * Protocol.MAX_MESSAGE_BYTES + random.nextInt(1 << 20)) + "\"}").getBytes(StandardCharsets.UTF_8));
            default -> new Frame("close", HostileSocket.CLOSE, true, false, true, new byte[] {0x03, (byte) 0xe8});
        };
    }

    private String valid() {
        return switch (random.nextInt(9)) {
            case 0 -> join(); // already joined, or the first join: both are answers the server owes
            case 1 -> CODEC.encode(new SignalTo("p" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36), data(200)));
            case 2 -> CODEC.encode(new Rename("Eve " + random.nextInt(100)));
            case 3 -> CODEC.encode(new Ping());
            case 4 -> CODEC.encode(new Pong());
            case 5 -> CODEC.encode(new IceRenew());
            case 6 -> CODEC.encode(new Leave());
            case 7 -> CODEC.encode(Join.resuming(RoomKey.generate(), "Eve", ClientKind.NATIVE, "r" + random.nextInt()));
            default -> "{\"v\":" + Protocol.VERSION + ",\"type\":\"join\",\"room\":\"aaaaaaaaaaaaaaaaaaaaaa\",\"name\":\"Eve\","
                    + "\"kind\":\"browser\",\"proof\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
        };
    }

    /** Printable ASCII edits only: the frame stays valid UTF-8 and reaches the JSON parser. */
    private String mutate(String seed) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits && s.length() > 0; i++) {
            int at = random.nextInt(s.length());
            char c = EDITS.charAt(random.nextInt(EDITS.length()));
            switch (random.nextInt(4)) {
                case 0 -> s.setCharAt(at, c);
                case 1 -> s.insert(at, c);
                case 2 -> s.deleteCharAt(at);
                default -> s.setLength(at);
            }
        }
        return s.toString();
    }

    private String nested() {
        int depth = Protocol.MAX_JSON_DEPTH + random.nextInt(random.nextBoolean() ? 20 : 20_000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return "{\"type\":\"signal\",\"to\":\"x\",\"data\":{\"d\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}}";
    }

    private String junk() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> " \t\r\n";
            case 2 -> pickOf(ODD_VALUES);
            case 3 -> "{\"type\":\"ping\"}{\"type\":\"ping\"}";
            case 4 -> "{\"type\":\"ping\",\"type\":\"join\"}";
            default -> "\"" + "\\".repeat(random.nextInt(100)) + "\"";
        };
    }

    /** Past the protocol's 64 KiB (answered too-large) but within the WebSocket layer's 128 KiB. */
    private String oversized() {
        int size = Protocol.MAX_MESSAGE_BYTES + 1 + random.nextInt(random.nextBoolean() ? 1024 : Protocol.MAX_MESSAGE_BYTES - 100);
        return "{\"type\":\"signal\",\"to\":\"x\",\"data\":{\"s\":\"" + "x".repeat(size) + "\"}}";
    }

    private ObjectNode data(int size) {
        return JsonNodeFactory.instance.objectNode().put("sdp", "v=0 " + "x".repeat(random.nextInt(size)));
    }

    private String type() {
        return pickOf(TYPES);
    }

    private <T> T pickOf(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pickOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
