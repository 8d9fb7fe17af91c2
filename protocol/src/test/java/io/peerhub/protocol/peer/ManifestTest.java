package io.peerhub.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

    static final String ID = TransferIds.newId();

    static FileEntry file(long size, String... path) {
        return new FileEntry(List.of(path), size, "", null);
    }

    @Test
    void a_manifest_whose_sizes_add_up_is_valid() {
        Manifest m = Manifest.validate(ID, List.of(file(3, "a.txt"), file(4, "dir", "b.txt")), 2, 7);
        assertThat(m.files()).hasSize(2);
    }

    @Test
    void components_that_only_serve_to_escape_a_folder_are_refused() {
        for (String bad : List.of("", ".", "..")) {
            assertThatThrownBy(() -> Manifest.validate(ID, List.of(file(1, "dir", bad)), 1, 1))
                    .isInstanceOf(InvalidManifestException.class);
        }
    }

    @Test
    void hostile_characters_inside_a_component_are_allowed_on_the_wire() {
        Manifest m = Manifest.validate(ID, List.of(file(1, "../../escape.txt"), file(1, "CON"), file(1, "a\u0000b")), 3, 3);
        assertThat(m.files()).hasSize(3);
    }

    @Test
    void duplicate_paths_are_refused_after_nfc() {
        assertThatThrownBy(() -> Manifest.validate(ID, List.of(file(1, "caf\u00e9"), file(1, "cafe\u0301")), 2, 2))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("duplicate");
    }

    @Test
    void counts_totals_sizes_and_hashes_are_checked() {
        assertThatThrownBy(() -> Manifest.validate(ID, List.of(file(1, "a")), 2, 1)).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> Manifest.validate(ID, List.of(file(1, "a")), 1, 2)).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> Manifest.validate(ID, List.of(file(-1, "a")), 1, -1)).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> Manifest.validate(ID, List.of(file(Transfers.MAX_SAFE_INTEGER + 1, "a")), 1,
                Transfers.MAX_SAFE_INTEGER + 1)).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> Manifest.validate(ID, List.of(new FileEntry(List.of("a"), 1, "", "ABC")), 1, 1))
                .isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> Manifest.validate(ID, List.of(file(1, "x".repeat(1025))), 1, 1))
                .isInstanceOf(InvalidManifestException.class);
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
