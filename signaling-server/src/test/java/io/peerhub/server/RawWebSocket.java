package io.peerhub.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written on a plain socket, for what no library client will send: a handshake
 * that offers permessage-deflate, and frames with RSV1 set (compressed). Loopback only.
 */
final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final String responseHeaders;

    private RawWebSocket(Socket socket, String responseHeaders) {
        this.socket = socket;
        this.responseHeaders = responseHeaders;
    }

    /** Opens {@code /ws} on {@code port}, asking for permessage-deflate as browsers do. */
    static RawWebSocket offeringDeflate(int port) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(5_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return new RawWebSocket(socket, readHeaders(socket.getInputStream()));
    }

    /** The handshake's response, status line and headers. */
    String responseHeaders() {
        return responseHeaders;
    }

    /** Sends one masked text frame; {@code compressed} sets RSV1, the permessage-deflate bit. */
    void sendText(byte[] payload, boolean compressed) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(compressed ? 0xC1 : 0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        OutputStream out = socket.getOutputStream();
        frame.writeTo(out);
        out.flush();
    }

    /**
     * Reads frames until a close frame and returns its status code; -1 when the server dropped
     * the connection without one (which also refuses the frame).
     */
    int awaitClose() {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int first = in.read();
                int second = in.read();
                if (first < 0 || second < 0) {
                    return -1;
                }
                long length = second & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                if ((first & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (IOException reset) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the handshake: " + headers);
            }
            headers.append((char) c);
        }
        return headers.toString();
    }
}
