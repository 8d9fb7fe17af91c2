package io.peerhub.server.hostile;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain socket, from a source address of its choosing, that writes any frame
 * at all (bad opcodes, unmasked, fragments out of order, lying lengths) and tallies what the server
 * answers. The reader is a thread of its own, or none for a client that never reads. Loopback only.
 */
final class HostileSocket implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;

    private static final int TIMEOUT_MS = 10_000;
    /** How often a reader wakes to see whether the writer is done and the server has gone quiet. */
    private static final int POLL_MS = 200;

    private final Socket socket;
    private final OutputStream out;
    private final Tally tally;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int closeCode;
    private volatile long lastHeard = System.nanoTime();
    /** Set once the writer is done: from then on a reader that hears nothing for this long ends. */
    private volatile long quietNanos = Long.MAX_VALUE;

    private HostileSocket(Socket socket, Tally tally) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.tally = tally;
    }

    /**
     * Opens {@code /ws} from {@code sourceIp} with {@code origin} (null: none). A refused upgrade
     * throws {@link Refused} with its HTTP status; the handshake itself is counted in {@code tally}.
     * {@code reading} false leaves every byte the server sends in the kernel's buffers: a slow reader.
     */
    static HostileSocket open(String sourceIp, int port, String origin, Tally tally, boolean reading, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setSoTimeout(TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(sourceIp, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            int status = readStatus(socket.getInputStream());
            tally.count("http " + status);
            if (status != 101) {
                throw new Refused(status);
            }
            HostileSocket client = new HostileSocket(socket, tally);
            if (reading) {
                socket.setSoTimeout(POLL_MS);
                Thread reader = new Thread(client::readAll, "hostile-reader");
                reader.setDaemon(true);
                reader.start();
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** An upgrade the server answered with something else than 101. */
    static final class Refused extends IOException {
        final int status;

        Refused(int status) {
            super("upgrade refused: " + status);
            this.status = status;
        }
    }

    void text(String payload) throws IOException {
        frame(TEXT, true, false, true, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one frame as given: {@code masked} false breaks RFC 6455 (a client must mask). */
    void frame(int opcode, boolean fin, boolean rsv1, boolean masked, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (opcode & 0x0f));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i & 3]);
            }
        } else {
            frame.write(payload);
        }
        frame.writeTo(out);
        out.flush();
    }

    /** Writes raw bytes: a frame header that promises more than ever comes, say. */
    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Says the writer is done, then waits until the server closed or said nothing for {@code quietMillis}
     * (every answer to what was sent has come by then, unless the server is that slow), at most
     * {@code maxMillis}. Returns the close code: 0 none (still open), -1 dropped without one.
     */
    int finish(long quietMillis, long maxMillis) throws InterruptedException {
        quietNanos = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        ended.await(maxMillis, TimeUnit.MILLISECONDS);
        return closeCode;
    }

    /** The close code the server sent; 0 none yet, -1 dropped without one. */
    int closeCode() {
        return closeCode;
    }

    /**
     * For a client that never read: reads now what the server left, up to its end, and returns the
     * close code (-1 when the server dropped the connection without a close frame we could see).
     */
    int drainToEnd(long millis) {
        try {
            socket.setSoTimeout((int) millis);
        } catch (IOException e) {
            return -1;
        }
        lastHeard = System.nanoTime();
        quietNanos = TimeUnit.MILLISECONDS.toNanos(millis);
        readAll();
        return closeCode;
    }

    private void readAll() {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException poll) {
                    if (System.nanoTime() - lastHeard > quietNanos) {
                        end(0);
                        return;
                    }
                    continue;
                }
                int second = in.read();
                if (first < 0 || second < 0) {
                    end(-1);
                    return;
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
                lastHeard = System.nanoTime();
                int opcode = first & 0x0f;
                if (opcode == CLOSE) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    tally.count("close " + code);
                    end(code);
                    return;
                }
                if (opcode == TEXT) {
                    tally.answer(new String(payload, StandardCharsets.UTF_8));
                }
            }
        } catch (SocketTimeoutException quiet) {
            end(0); // in the middle of a frame, or a drain that found nothing more
        } catch (IOException reset) {
            tally.count("close reset");
            end(-1);
        }
    }

    private void end(int code) {
        if (closeCode == 0) {
            closeCode = code;
        }
        ended.countDown();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to do about it
        }
    }

    private static int readStatus(InputStream in) throws IOException {
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
        String line = status.toString();
        if (!line.startsWith("HTTP/1.1 ") || line.length() < 12) {
            throw new IOException("not HTTP: " + line);
        }
        return Integer.parseInt(line.substring(9, 12));
    }
}
