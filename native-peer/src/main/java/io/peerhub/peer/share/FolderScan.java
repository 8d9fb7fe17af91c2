package io.peerhub.peer.share;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What of a shared folder may be listed: its regular files, found without following a link, so
 * nothing outside DIR is reached. Skipped: symbolic links (to files or folders, whether they lead
 * out or not: a link inside today may lead out tomorrow), dotfiles and dot-folders (among them a
 * drop's {@code .partial/}), anything that is not a regular file, and a file with hard links
 * outside DIR (its link count is more than the names it has inside: the same bytes are reachable
 * from elsewhere, perhaps a file the owner never meant to share).
 */
public final class FolderScan {

    /** Deeper than this, folders are not walked: no real library nests so far, a crafted one may. */
    public static final int MAX_DEPTH = 32;
    /** More files than this are not listed: the catalogue is held in memory and sent on request. */
    public static final int MAX_FILES = 100_000;

    private static final Logger log = LoggerFactory.getLogger(FolderScan.class);

    /** The listable files, in path order; how many were passed over and whether MAX_FILES cut it. */
    public record Result(List<SharedFile> files, int skipped, boolean truncated, List<Path> folders) {}

    private FolderScan() {}

    /** {@code root} must be a real path (no link in it): every file found lies under it. */
    public static Result of(Path root) throws IOException {
        List<SharedFile> found = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        Map<Object, Integer> namesInside = new HashMap<>();
        Map<SharedFile, Long> links = new HashMap<>();
        int[] skipped = {0};
        boolean[] truncated = {false};
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && hidden(dir)) {
                    skipped[0]++;
                    return FileVisitResult.SKIP_SUBTREE;
                }
                folders.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                // At MAX_DEPTH a folder is visited as a file: not regular, so passed over here too.
                if (hidden(file) || !attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    log.debug("share: {} not listed (link, dotfile, folder too deep or not a regular file)", file);
                    skipped[0]++;
                    return FileVisitResult.CONTINUE;
                }
                if (found.size() >= MAX_FILES) {
                    truncated[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                List<String> path = new ArrayList<>();
                root.relativize(file).forEach(c -> path.add(c.toString()));
                SharedFile shared = new SharedFile(path, attrs.size(), attrs.lastModifiedTime().toMillis(), null,
                        file, attrs.fileKey());
                found.add(shared);
                if (attrs.fileKey() != null) {
                    namesInside.merge(attrs.fileKey(), 1, Integer::sum);
                    links.put(shared, linkCount(file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                log.debug("share: {} not listed: {}", file, e.toString());
                skipped[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        List<SharedFile> listed = new ArrayList<>(found.size());
        for (SharedFile f : found) {
            Long count = links.get(f);
            if (count != null && count > namesInside.getOrDefault(f.fileKey(), 1)) {
                log.info("share: {} not listed: it has hard links outside the shared folder", f.key());
                skipped[0]++;
            } else {
                listed.add(f);
            }
        }
        listed.sort(java.util.Comparator.comparing(SharedFile::key));
        return new Result(List.copyOf(listed), skipped[0], truncated[0], List.copyOf(folders));
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** The file's hard-link count; 1 where the file system cannot say (then no other name can be told apart). */
    private static long linkCount(Path file) {
        try {
            Object n = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return n instanceof Number number ? number.longValue() : 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }
}
