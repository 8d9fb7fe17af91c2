package io.peerhub.server.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cheapest WebSocket client there is, for holding tens of thousands of idle connections from
 * one process: a blocking handshake, one masked {@code join} frame, then nothing. No buffers are
 * kept; the kernel holds the few pings the server sends.
 */
final class RawIdleSocket {

    /** A server that stops accepting (out of file descriptors) leaves the handshake unanswered: give up after this. */
    private static final int TIMEOUT_MS = 5_000;

    static Socket open(String sourceIp, int port, String joinJson) throws IOException {
        Socket ch = new Socket();
        try {
            ch.setSoTimeout(TIMEOUT_MS);
            ch.bind(new InetSocketAddress(sourceIp, 0));
            ch.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
            ch.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            readHeaders(ch.getInputStream());
            ByteBuffer f = frame(joinJson.getBytes(StandardCharsets.UTF_8));
            ch.getOutputStream().write(f.array(), 0, f.limit());
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        StringBuilder status = new StringBuilder();
        while (matched < 4) {
            int read = in.read();
            if (read < 0) {
                throw new IOException("closed during the handshake");
            }
            char c = (char) read;
            if (status.length() < 12) {
                status.append(c);
            }
            matched = (c == '\r' || c == '\n') && "\r\n\r\n".charAt(matched) == c ? matched + 1 : 0;
        }
        if (!status.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + status);
        }
    }

    /** A client text frame (masked, as the protocol requires), payload under 64 KiB. */
    private static ByteBuffer frame(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(payload.length + 8);
        b.put((byte) 0x81);
        if (payload.length < 126) {
            b.put((byte) (0x80 | payload.length));
        } else {
            b.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        b.put(mask);
        for (int i = 0; i < payload.length; i++) {
            b.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return b.flip();
    }

    private RawIdleSocket() {}
}
