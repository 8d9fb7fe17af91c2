package io.peerhub.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerhub.protocol.policy.FileCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {

    @TempDir
    Path dir;

    @Test
    void a_yaml_policy_reads_with_every_rule() throws Exception {
        Path file = write("policy.yaml", """
                notice: Work files only. No music or video.
                blockCategories: [audio, video]
                blockExtensions: [iso]
                maxFileBytes: 1073741824
                chat: true
                sharedFolders: false
                """);
        var policy = PolicyFile.read(file);
        assertThat(policy.blockCategories()).containsExactly(FileCategory.AUDIO, FileCategory.VIDEO);
        assertThat(policy.blockExtensions()).containsExactly("iso");
        assertThat(policy.maxFileBytes()).isEqualTo(1L << 30);
        assertThat(policy.notice()).isEqualTo("Work files only. No music or video.");
        assertThat(policy.sharedFolders()).isFalse();
        assertThat(policy.documents()).isTrue();
    }

    @Test
    void a_json_policy_reads_too() throws Exception {
        var policy = PolicyFile.read(write("policy.json", "{\"allowCategories\": [\"document\"]}"));
        assertThat(policy.allowCategories()).containsExactly(FileCategory.DOCUMENT);
    }

    @Test
    void a_wrong_category_is_named_with_its_line() throws Exception {
        Path file = write("policy.yaml", """
                notice: hi
                maxFileBytes: 10
                blockCategories: [audio, movies]
                """);
        assertThatThrownBy(() -> PolicyFile.read(file)).isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("policy.yaml line 3").hasMessageContaining("'movies'");
    }

    @Test
    void an_unknown_field_is_named_with_its_line() throws Exception {
        Path file = write("policy.yaml", "notice: hi\nblockCategory: [video]\n");
        assertThatThrownBy(() -> PolicyFile.read(file)).hasMessageContaining("line 2").hasMessageContaining("blockCategory");
    }

    @Test
    void a_negative_size_is_named_with_its_line() throws Exception {
        Path file = write("policy.json", "{\n  \"notice\": \"x\",\n  \"maxBatchBytes\": -1\n}");
        assertThatThrownBy(() -> PolicyFile.read(file)).hasMessageContaining("line 3").hasMessageContaining("maxBatchBytes");
    }

    @Test
    void broken_syntax_names_its_line() throws Exception {
        Path file = write("policy.json", "{\n  \"notice\": \"x\",\n  \"chat\": tru\n}");
        assertThatThrownBy(() -> PolicyFile.read(file)).hasMessageContaining("policy.json line 3");
    }

    @Test
    void an_empty_file_is_refused() throws Exception {
        assertThatThrownBy(() -> PolicyFile.read(write("policy.yaml", ""))).hasMessageContaining("is empty");
    }

    @Test
    void a_missing_file_is_refused() {
        assertThatThrownBy(() -> PolicyFile.read(dir.resolve("none.yaml"))).hasMessageContaining("cannot be read");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
