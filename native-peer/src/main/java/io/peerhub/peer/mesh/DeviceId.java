package io.peerhub.peer.mesh;

import io.peerhub.protocol.peer.TransferIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code device} id this installation says in {@code hello}: a drop keeps it next to its
 * staged transfers, so after a restart its senders still recognise it... and it them.
 */
public final class DeviceId {

    private DeviceId() {}

    public static String stored(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (TransferIds.isValid(id)) {
                return id;
            }
        }
        String id = TransferIds.newId();
        Files.createDirectories(file.getParent());
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }
}
