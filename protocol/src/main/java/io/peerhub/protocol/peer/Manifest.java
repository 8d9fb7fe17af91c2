package io.peerhub.protocol.peer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole list of files of one transfer, assembled from its offer parts and validated by the
 * rules of docs/protocol.md ("Identifiers and limits"). Hostile characters inside a component
 * are allowed here: the receiver neutralises them when it saves. What no file system produces
 * ({@code ""}, {@code "."}, {@code ".."}) and duplicates are refused as {@code bad-manifest}.
 */
public record Manifest(String id, List<FileEntry> files, long totalBytes) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Manifest {
        files = List.copyOf(files);
    }

    public static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /**
     * Joins the parts (in {@code part} order) and validates the result.
     *
     * @throws InvalidManifestException with the rule that was broken
     */
    public static Manifest assemble(List<TransferOffer> parts) {
        if (parts.isEmpty()) {
            throw new InvalidManifestException("no parts");
        }
        TransferOffer first = parts.get(0);
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            TransferOffer p = parts.get(i);
            if (p.part() != i || p.parts() != parts.size() || !p.id().equals(first.id())
                    || p.fileCount() != first.fileCount() || p.totalBytes() != first.totalBytes()) {
                throw new InvalidManifestException("offer parts disagree");
            }
            if (p.badEntry() != null) {
                throw new InvalidManifestException(p.badEntry());
            }
            files.addAll(p.files());
            if (files.size() > Transfers.MAX_FILES) {
                throw new InvalidManifestException("more than " + Transfers.MAX_FILES + " files");
            }
        }
        return validate(first.id(), files, first.fileCount(), first.totalBytes());
    }

    public static Manifest validate(String id, List<FileEntry> files, int fileCount, long totalBytes) {
        if (files.isEmpty() || files.size() > Transfers.MAX_FILES) {
            throw new InvalidManifestException("an offer holds 1-" + Transfers.MAX_FILES + " files");
        }
        if (files.size() != fileCount) {
            throw new InvalidManifestException("fileCount is " + fileCount + " but " + files.size() + " files are listed");
        }
        Set<String> seen = new HashSet<>();
        long sum = 0;
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            checkEntry(f, i);
            // A component may hold any character, so join with a length prefix: one path, one key.
            StringBuilder key = new StringBuilder();
            for (String c : f.path()) {
                String n = Normalizer.normalize(c, Normalizer.Form.NFC);
                key.append(n.length()).append(':').append(n);
            }
            if (!seen.add(key.toString())) {
                throw new InvalidManifestException("file " + i + ": duplicate path");
            }
            sum += f.size();
            if (sum > Transfers.MAX_SAFE_INTEGER) {
                throw new InvalidManifestException("totalBytes out of range");
            }
        }
        if (sum != totalBytes) {
            throw new InvalidManifestException("totalBytes is " + totalBytes + " but the sizes add up to " + sum);
        }
        return new Manifest(id, files, totalBytes);
    }

    /** The rules of one entry on its own (its path, size, type and hash), as soon as its part arrives. */
    public static void checkEntry(FileEntry f, int i) {
        checkPath(f.path(), i);
        if (f.size() < 0 || f.size() > Transfers.MAX_SAFE_INTEGER) {
            throw new InvalidManifestException("file " + i + ": size out of range");
        }
        if (f.type().length() > Transfers.MAX_TYPE_LENGTH) {
            throw new InvalidManifestException("file " + i + ": type longer than " + Transfers.MAX_TYPE_LENGTH);
        }
        if (f.sha256() != null && !isSha256(f.sha256())) {
            throw new InvalidManifestException("file " + i + ": sha256 is not 64 lowercase hex digits");
        }
    }

    private static void checkPath(List<String> path, int i) {
        if (path.isEmpty() || path.size() > Transfers.MAX_PATH_COMPONENTS) {
            throw new InvalidManifestException("file " + i + ": path holds 1-" + Transfers.MAX_PATH_COMPONENTS + " components");
        }
        int units = 0;
        for (String c : path) {
            if (c.isEmpty() || c.equals(".") || c.equals("..")) {
                throw new InvalidManifestException("file " + i + ": path component \"\", \".\" or \"..\"");
            }
            if (c.length() > Transfers.MAX_COMPONENT_UNITS) {
                throw new InvalidManifestException("file " + i + ": path component longer than " + Transfers.MAX_COMPONENT_UNITS);
            }
            units += c.length();
        }
        if (units > Transfers.MAX_PATH_UNITS) {
            throw new InvalidManifestException("file " + i + ": path longer than " + Transfers.MAX_PATH_UNITS);
        }
    }

    /** Splits a manifest into offer parts of at most {@code maxPartBytes} encoded bytes each. */
    public List<TransferOffer> toOffers(PeerCodec codec, int maxPartBytes) {
        List<List<FileEntry>> groups = new ArrayList<>();
        List<FileEntry> current = new ArrayList<>();
        // Measure with a placeholder envelope; the real part numbers are at most 2 digits.
        int envelope = codec.encodeUtf8(new TransferOffer(id, List.of(), files.size(), totalBytes, 63, 64)).length;
        int size = envelope;
        for (FileEntry f : files) {
            int entry = codec.encodeUtf8(new TransferOffer(id, List.of(f), 1, 0, 0, 1)).length
                    - codec.encodeUtf8(new TransferOffer(id, List.of(), 1, 0, 0, 1)).length + 1;
            if (!current.isEmpty() && size + entry > maxPartBytes) {
                groups.add(current);
                current = new ArrayList<>();
                size = envelope;
            }
            current.add(f);
            size += entry;
        }
        groups.add(current);
        if (groups.size() > Transfers.MAX_PARTS) {
            throw new InvalidManifestException("the manifest needs more than " + Transfers.MAX_PARTS + " parts");
        }
        List<TransferOffer> offers = new ArrayList<>();
        for (int p = 0; p < groups.size(); p++) {
            offers.add(new TransferOffer(id, groups.get(p), files.size(), totalBytes, p, groups.size()));
        }
        return offers;
    }
}
