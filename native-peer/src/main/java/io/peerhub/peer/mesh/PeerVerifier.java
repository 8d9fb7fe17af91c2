package io.peerhub.peer.mesh;

import io.peerhub.protocol.peer.Hello;
import io.peerhub.protocol.trust.DeviceKey;
import io.peerhub.protocol.trust.HelloBinding;
import io.peerhub.protocol.trust.RoomKey;

/**
 * The hello's proof, both ways (docs/protocol.md "Verifying a peer"): what we send binds our view
 * of this connection (our fingerprint first), and what we check is rebuilt from our own view (the
 * sender's fingerprint is our remote one). A relay in between shows each side its own certificate,
 * so the two views differ and no proof made for one holds on the other.
 */
final class PeerVerifier {

    private final DeviceIdentity identity;
    private final String roomId;
    private final byte[] verifyKey;

    PeerVerifier(DeviceIdentity identity, RoomKey room) {
        this.identity = identity;
        this.roomId = room.roomId();
        this.verifyKey = room.verifyKey();
    }

    Hello hello(String name, String selfId, String peerId, String localFp, String remoteFp) {
        byte[] key = identity.publicKey();
        byte[] binding = HelloBinding.bytes(roomId, selfId, peerId, localFp, remoteFp, key);
        return Hello.proven(name, key, identity.sign(binding), HelloBinding.proof(verifyKey, binding));
    }

    /** Whether {@code hello} from {@code peerId} proves the room key and its device key on this connection. */
    boolean verifies(Hello hello, String selfId, String peerId, String localFp, String remoteFp) {
        if (!hello.hasProof() || localFp == null || remoteFp == null) {
            return false;
        }
        byte[] binding = HelloBinding.bytes(roomId, peerId, selfId, remoteFp, localFp, hello.keyBytes());
        return HelloBinding.proofMatches(verifyKey, binding, hello.proofBytes())
                && DeviceKey.verify(hello.keyBytes(), binding, hello.sigBytes());
    }
}
