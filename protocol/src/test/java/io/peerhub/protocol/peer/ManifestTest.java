package io.peerhub.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sender splits a manifest into parts that fit; which manifests a receiver takes is in protocol/vectors/manifest.json. */
class ManifestTest {

    static final String ID = TransferIds.newId();

    static FileEntry file(long size, String... path) {
        return new FileEntry(List.of(path), size, "", null);
    }

    @Test
    void a_big_manifest_splits_into_parts_that_assemble_back() {
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            files.add(file(i, "folder", "file-" + i + ".bin"));
        }
        long total = files.stream().mapToLong(FileEntry::size).sum();
        Manifest m = Manifest.validate(ID, files, files.size(), total);
        PeerCodec codec = new PeerCodec();

        List<TransferOffer> parts = m.toOffers(codec, 16 * 1024);

        assertThat(parts.size()).isGreaterThan(1);
        parts.forEach(p -> assertThat(codec.encodeUtf8(p).length).isLessThanOrEqualTo(16 * 1024));
        List<TransferOffer> decoded = parts.stream()
                .map(p -> (TransferOffer) codec.decodeControl(codec.encodeUtf8(p), 16 * 1024)).toList();
        assertThat(Manifest.assemble(decoded).files()).isEqualTo(files);
    }
}
