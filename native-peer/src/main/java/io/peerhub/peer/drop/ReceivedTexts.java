package io.peerhub.peer.drop;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.DirectText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop's file of texts sent to it ({@code drop --texts FILE}): one JSON object per line, UTF-8,
 * {@code {"received": ISO time, "from": name, "device": device id, "text": …}}. Each text is one
 * append of its whole line, then fsync: a reader (or a crash) sees whole lines only, and JSON keeps
 * a text's own line breaks and control characters from faking another line. The file stops
 * growing at {@code maxBytes}: a text that would pass it is refused with a log line.
 *
 * <p>Called on each sender's link thread; one lock keeps lines whole.
 */
public final class ReceivedTexts {

    private static final Logger log = LoggerFactory.getLogger(ReceivedTexts.class);
    private static final JsonMapper JSON = new JsonMapper();

    private final Path file;
    private final long maxBytes;
    private final Clock clock;

    public ReceivedTexts(Path file, long maxBytes, Clock clock) throws IOException {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.clock = clock;
        // Created now, so a folder that cannot take it is found at start, not at the first text.
        FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
    }

    public Path path() {
        return file;
    }

    /** Appends one text; false when the file is full or cannot be written. */
    public synchronized boolean save(RemotePeer from, DirectText text) {
        ObjectNode line = JSON.createObjectNode()
                .put("received", Instant.ofEpochMilli(clock.millis()).toString())
                .put("from", from.name())
                .put("device", from.device())
                .put("text", text.text());
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            if (out.size() + bytes.length > maxBytes) {
                log.warn("text from {} not saved: {} would pass its limit of {} bytes", from, file, maxBytes);
                return false;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
            log.info("text from {} saved to {}", from, file);
            return true;
        } catch (IOException e) {
            log.error("text from {} not saved to {}: {}", from, file, e.toString());
            return false;
        }
    }
}
