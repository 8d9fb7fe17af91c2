package io.peerhub.peer.chat;

import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerProtocolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper's copy of a room's chat history: one entry per line, as a {@code history} batch
 * carries it (JSON Lines, UTF-8), in history order. Saved whole and atomically, as documents are:
 * a temp file beside it, fsync, an atomic rename over the old file, fsync of the folder. A crash
 * leaves the old file or the new one, never half of one. The log's bounds bound the file (8 MiB).
 */
public final class ChatFile {

    public static final String NAME = "chat-history.jsonl";
    private static final Logger log = LoggerFactory.getLogger(ChatFile.class);
    private static final PeerCodec CODEC = new PeerCodec();

    private final Path file;

    public ChatFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    /** The entries the file holds; a line that does not read is skipped with a log line. */
    public List<ChatEntry> load() throws IOException {
        List<ChatEntry> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(CODEC.decodeEntry(line));
                } catch (PeerProtocolException e) {
                    log.warn("{} line {} skipped: {}", file, n, e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return out;
    }

    public void save(List<ChatEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        for (ChatEntry e : entries) {
            text.append(CODEC.encodeEntry(e)).append('\n');
        }
        Path temp = file.resolveSibling(NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("fsync of {} not possible: {}", file.getParent(), e.toString());
        }
    }
}
