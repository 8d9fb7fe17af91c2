package io.peerhub.peer.share;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One state of a share, as peers browse and search it: immutable, so answering a query never
 * races the watcher that builds the next one. Paths are matched as the lists of components a
 * peer sends, never as a joined string ({@code ["a/b"]} is not {@code ["a", "b"]}).
 */
public final class Catalogue {

    /** One page of files and how many matched in all. */
    public record Page(List<SharedFile> files, int total) {}

    public static final Catalogue EMPTY = new Catalogue(List.of());

    private final List<SharedFile> files;
    /** Each file's path folded for matching, in the order of {@code files}. */
    private final String[] folded;
    private final Map<List<String>, SharedFile> byPath = new HashMap<>();
    private final long bytes;

    public Catalogue(List<SharedFile> files) {
        this.files = List.copyOf(files);
        this.folded = new String[this.files.size()];
        long total = 0;
        for (int i = 0; i < this.files.size(); i++) {
            SharedFile f = this.files.get(i);
            folded[i] = fold(f.key());
            byPath.put(f.path(), f);
            total += f.size();
        }
        this.bytes = total;
    }

    public List<SharedFile> files() {
        return files;
    }

    public int count() {
        return files.size();
    }

    public long bytes() {
        return bytes;
    }

    public Optional<SharedFile> lookup(List<String> path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /**
     * Files whose path holds every word of {@code query} (case and Unicode normalization
     * ignored), in path order, from the {@code from}-th match, at most {@code limit}. A blank
     * query matches everything: that is browsing.
     */
    public Page search(String query, int from, int limit) {
        String[] words = Arrays.stream(fold(query).split("\\s+")).filter(w -> !w.isEmpty()).toArray(String[]::new);
        List<SharedFile> page = new ArrayList<>(Math.min(limit, 256));
        int total = 0;
        for (int i = 0; i < files.size(); i++) {
            if (matches(folded[i], words)) {
                if (total >= from && page.size() < limit) {
                    page.add(files.get(i));
                }
                total++;
            }
        }
        return new Page(List.copyOf(page), total);
    }

    private static boolean matches(String path, String[] words) {
        for (String w : words) {
            if (!path.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** What matching compares: NFKC (so "ﬁ" finds "fi"), lower case without the locale's rules. */
    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
