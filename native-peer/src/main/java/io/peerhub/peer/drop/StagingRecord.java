package io.peerhub.peer.drop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a drop keeps about a staged transfer so it can resume after a restart:
 * {@code .partial/<id>/state.json} with the manifest, the sender's device id and name, and
 * which files are verified (and where they landed). Rewritten atomically (temp file + move).
 */
record StagingRecord(Manifest manifest, String senderDevice, String senderName, boolean[] done, String[] savedAs) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "state.json";

    static StagingRecord read(Path staging) throws IOException {
        JsonNode s = JSON.readTree(staging.resolve(FILE).toFile());
        List<FileEntry> files = new ArrayList<>();
        for (JsonNode f : s.get("files")) {
            List<String> path = new ArrayList<>();
            f.get("path").forEach(c -> path.add(c.textValue()));
            files.add(new FileEntry(path, f.get("size").longValue(), f.path("type").asText(""),
                    f.hasNonNull("sha256") ? f.get("sha256").textValue() : null));
        }
        long total = files.stream().mapToLong(FileEntry::size).sum();
        // Validated again: the file is ours, but a drop must not trust its disk more than its peers.
        Manifest m = Manifest.validate(s.get("id").textValue(), files, files.size(), total);
        boolean[] done = new boolean[files.size()];
        String[] saved = new String[files.size()];
        for (int i = 0; i < files.size(); i++) {
            done[i] = s.get("done").get(i).booleanValue();
            saved[i] = s.get("saved").get(i).isNull() ? null : s.get("saved").get(i).textValue();
        }
        String device = s.hasNonNull("device") ? s.get("device").textValue() : null;
        return new StagingRecord(m, device, s.path("sender").asText("?"), done, saved);
    }

    void write(Path staging) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", manifest.id());
        s.put("device", senderDevice);
        s.put("sender", senderName);
        ArrayNode files = s.putArray("files");
        for (FileEntry f : manifest.files()) {
            ObjectNode o = files.addObject();
            f.path().forEach(o.putArray("path")::add);
            o.put("size", f.size());
            o.put("type", f.type());
            o.put("sha256", f.sha256());
        }
        ArrayNode d = s.putArray("done");
        ArrayNode saved = s.putArray("saved");
        for (int i = 0; i < done.length; i++) {
            d.add(done[i]);
            saved.add(savedAs[i]);
        }
        Path tmp = staging.resolve(FILE + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(s));
        Files.move(tmp, staging.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
