package io.peerhub.peer.transfer.send;

import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.SafeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files one offer sends: each source on disk, and the entry the receiver sees for it. Two
 * sources that would have one path ({@code a/same.txt b/same.txt}) are both sent, the later one
 * named {@code same (1).txt}: what the drop would have called it had they come one after the other
 * (docs/protocol.md "Saving on the receiver"), since a manifest may not hold a path twice.
 */
record SendList(List<Path> sources, List<FileEntry> entries) {

    static SendList of(List<Path> roots) throws IOException {
        List<Path> sources = new ArrayList<>();
        List<FileEntry> entries = new ArrayList<>();
        for (Path root : roots) {
            collect(root.toAbsolutePath().normalize(), sources, entries);
        }
        return new SendList(sources, distinct(entries));
    }

    /** Sends each source under the path given for it (the receiver sees only the path). */
    static SendList named(Map<Path, List<String>> named) throws IOException {
        List<Path> sources = new ArrayList<>();
        List<FileEntry> entries = new ArrayList<>();
        for (Map.Entry<Path, List<String>> e : named.entrySet()) {
            sources.add(e.getKey());
            entries.add(new FileEntry(e.getValue(), Files.size(e.getKey()), "", null));
        }
        return new SendList(sources, distinct(entries));
    }

    /**
     * The entries in order, each path that an earlier entry already has given the first free
     * {@code name (n).ext} for its last component, as the receiver's {@code InboxWriter} numbers a
     * clash. Paths are compared after NFC, as {@code Manifest} compares them.
     */
    static List<FileEntry> distinct(List<FileEntry> entries) {
        Set<String> taken = new HashSet<>();
        List<FileEntry> out = new ArrayList<>(entries.size());
        for (FileEntry e : entries) {
            List<String> path = e.path();
            String name = path.get(path.size() - 1);
            // Bounded: each try takes a new number, and at most entries.size() paths are taken.
            for (int n = 1; !taken.add(key(path)); n++) {
                List<String> renamed = new ArrayList<>(e.path().subList(0, path.size() - 1));
                renamed.add(SafeNames.numbered(name, n));
                path = renamed;
            }
            out.add(path == e.path() ? e : new FileEntry(path, e.size(), e.type(), e.sha256()));
        }
        return out;
    }

    /** One key per path, whatever its components hold (a length prefix per component). */
    private static String key(List<String> path) {
        StringBuilder key = new StringBuilder();
        for (String c : path) {
            String n = Normalizer.normalize(c, Normalizer.Form.NFC);
            key.append(n.length()).append(':').append(n);
        }
        return key.toString();
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
