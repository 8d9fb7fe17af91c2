package io.peerhub.peer.mesh;

import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.trust.DeviceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * This installation's device key (docs/protocol.md "Verifying a peer"): an Ed25519 key pair whose
 * public half names the device ({@link #deviceId()}) to the peers that trust it, accept from it or
 * resume its transfers. Kept in a file only its owner may read: whoever copies it is this device.
 */
public final class DeviceIdentity {

    private static final String HEADER = "peerhub-identity-v1";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final PrivateKey secret;
    private final byte[] publicKey;
    private final String deviceId;

    private DeviceIdentity(KeyPair keys) {
        this.secret = keys.getPrivate();
        this.publicKey = DeviceKey.raw(keys.getPublic());
        this.deviceId = DeviceKey.deviceId(publicKey);
    }

    /** A key that lives as long as the process (tests, and peers that need no lasting identity). */
    public static DeviceIdentity generate() {
        return new DeviceIdentity(DeviceKey.generate());
    }

    /**
     * The identity in {@code file}, made there (owner-only, atomically) when there is none yet.
     * A file others may read is refused: its key may already be someone else's.
     */
    public static DeviceIdentity load(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        checkOwnerOnly(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() < 3 || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a Peerhub identity file");
        }
        try {
            KeyFactory ed = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = ed.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(1))));
            PublicKey pub = ed.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(2))));
            return new DeviceIdentity(new KeyPair(pub, priv));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " holds no valid Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Writes a new identity to {@code file} unless there is one: never replaces a key. */
    static void create(Path file) throws IOException {
        KeyPair keys = DeviceKey.generate();
        String text = HEADER + "\n" + Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            // Made owner-only too (e.g. ~/.config/peerhub): nobody else needs to list it.
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        Path tmp = posix ? Files.createTempFile(dir, ".identity", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".identity", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            // A hard link fails when the name is taken; a rename (even ATOMIC_MOVE) silently replaces
            // on Linux, and two first runs at once would each go on with a key only one of them kept.
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                throw raced;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE); // a file system without hard links
            }
        } catch (FileAlreadyExistsException raced) {
            // the other one's key is as good, and load() reads it
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void checkOwnerOnly(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (!p.name().startsWith("OWNER_")) {
                throw new IOException(file + " may be read by others (" + PosixFilePermissions.toString(perms)
                        + "): make it owner-only (chmod 600) or use another --identity");
            }
        }
    }

    /** 22 characters of base64url: what {@code --accept-from} and trusted-device lists hold. */
    public String deviceId() {
        return deviceId;
    }

    /** The raw 32-byte public key, as the hello carries it. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] sign(byte[] data) {
        return DeviceKey.sign(secret, data);
    }

    /** A chat entry of this device, signed (docs/protocol.md "Chat history"). */
    public ChatEntry signChat(String roomId, String id, long ts, String name, String text) {
        return ChatEntry.signed(roomId, id, ts, name, text, publicKey, this::sign);
    }

    @Override
    public String toString() {
        return "device " + deviceId;
    }
}
