package io.peerhub.peer.transfer.send;

import io.peerhub.protocol.peer.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files one offer sends: each source on disk, and the entry the receiver sees for it. */
record SendList(List<Path> sources, List<FileEntry> entries) {

    static SendList of(List<Path> roots) throws IOException {
        List<Path> sources = new ArrayList<>();
        List<FileEntry> entries = new ArrayList<>();
        for (Path root : roots) {
            collect(root.toAbsolutePath().normalize(), sources, entries);
        }
        return new SendList(sources, entries);
    }

    /** Sends each source under the path given for it (the receiver sees only the path). */
    static SendList named(Map<Path, List<String>> named) throws IOException {
        List<Path> sources = new ArrayList<>();
        List<FileEntry> entries = new ArrayList<>();
        for (Map.Entry<Path, List<String>> e : named.entrySet()) {
            sources.add(e.getKey());
            entries.add(new FileEntry(e.getValue(), Files.size(e.getKey()), "", null));
        }
        return new SendList(sources, entries);
    }

    /** A file is sent as its name; a folder as its name and the paths of its regular files below it. */
    private static void collect(Path root, List<Path> sources, List<FileEntry> entries) throws IOException {
        if (Files.isRegularFile(root)) {
            sources.add(root);
            entries.add(new FileEntry(List.of(root.getFileName().toString()), Files.size(root), "", null));
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("not a file or folder: " + root);
        }
        Path base = root.getParent() == null ? root : root.getParent();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    List<String> path = new ArrayList<>();
                    base.relativize(p).forEach(c -> path.add(c.toString()));
                    sources.add(p);
                    entries.add(new FileEntry(path, Files.size(p), "", null));
                }
            }
        }
    }
}
