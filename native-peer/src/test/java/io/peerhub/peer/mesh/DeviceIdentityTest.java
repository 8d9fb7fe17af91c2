package io.peerhub.peer.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity file on a real file system: made private on first run, the same device after. */
class DeviceIdentityTest {

    @TempDir
    Path tmp;

    @Test
    void the_first_run_makes_an_owner_only_file_in_an_owner_only_folder_and_later_runs_are_the_same_device()
            throws IOException {
        Path file = tmp.resolve("config").resolve("peerhub").resolve("identity");

        DeviceIdentity first = DeviceIdentity.load(file);
        DeviceIdentity again = DeviceIdentity.load(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(again.deviceId()).isEqualTo(first.deviceId()).hasSize(22);
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        assertThat(Files.list(file.getParent())).as("no temporary file left behind").containsExactly(file);
    }

    @Test
    void making_an_identity_never_replaces_one_that_is_already_there() throws IOException {
        Path file = tmp.resolve("identity");
        DeviceIdentity first = DeviceIdentity.load(file);
        String before = Files.readString(file);

        DeviceIdentity.create(file); // a second first run that lost the race

        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(DeviceIdentity.load(file).deviceId()).isEqualTo(first.deviceId());
        assertThat(Files.list(tmp)).containsExactly(file);
    }

    @Test
    void a_file_that_others_may_read_is_refused_with_what_to_do() throws IOException {
        Path file = tmp.resolve("identity");
        DeviceIdentity.load(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> DeviceIdentity.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void a_file_that_is_no_identity_is_refused() throws IOException {
        Path file = Files.writeString(tmp.resolve("identity"), "hello\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> DeviceIdentity.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a Peerhub identity file");
    }
}
