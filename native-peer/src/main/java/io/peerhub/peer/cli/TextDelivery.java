package io.peerhub.peer.cli;

import io.peerhub.peer.mesh.ControlRouter;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.DirectText;
import io.peerhub.protocol.peer.HistoryBatch;
import io.peerhub.protocol.peer.HistoryRequest;
import io.peerhub.protocol.peer.TransferIds;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends one direct text and learns whether it arrived, for a command that leaves right after.
 *
 * <p>There is no receipt for a text, and "left this process" (buffered amount 0) is not enough:
 * a browser drops what comes before it has our hello, and what it still holds if we leave, and a
 * closing connection takes unacknowledged data with it (all seen in CI, SendTextStoryTest). What
 * proves arrival is a round trip behind the text on the same ordered control channel: every peer
 * that keeps history sends a {@code history-request} once it has verified us (a browser always
 * does), and answers one with at least a {@code history} batch marked last. Echoing its own
 * request back asks for nothing it lacks, so the answer is a single empty batch; when that answer
 * comes, the peer has handled the text before it.
 */
final class TextDelivery {

    enum Result { DELIVERED, LEFT_THIS_MACHINE, NOT_VERIFIED, NOT_SENT, NOT_CONFIRMED }

    private final Map<String, HistoryRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, Boolean> answered = new ConcurrentHashMap<>();

    /** Registers before the node starts, so that no early request or answer is missed. */
    TextDelivery(ControlRouter router) {
        router.on(HistoryRequest.class, (from, request) -> requests.putIfAbsent(from.id(), request));
        router.on(HistoryBatch.class, (from, batch) -> {
            if (batch.last()) {
                answered.put(from.id(), true);
            }
        });
    }

    /** Sends {@code text} to {@code peer}, waiting in all at most {@code timeoutMillis}. */
    Result send(RemotePeer peer, String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        // A Java peer checks a hello before it reads the next message; a browser tells us with its request.
        boolean mustBeVerified = peer.kind() == ClientKind.BROWSER;
        while (mustBeVerified && !requests.containsKey(peer.id()) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (mustBeVerified && !requests.containsKey(peer.id())) {
            return Result.NOT_VERIFIED;
        }
        if (!peer.send(new DirectText(TransferIds.newId(), text, System.currentTimeMillis()))) {
            return Result.NOT_SENT;
        }
        HistoryRequest theirs = requests.get(peer.id());
        if (theirs == null) {
            // A Java peer that keeps no history answers nothing: leaving the process is all we can know.
            while (peer.bufferedAmount() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return peer.bufferedAmount() == 0 ? Result.LEFT_THIS_MACHINE : Result.NOT_CONFIRMED;
        }
        answered.remove(peer.id());
        if (!peer.send(theirs)) {
            return Result.NOT_CONFIRMED;
        }
        while (!answered.containsKey(peer.id()) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return answered.containsKey(peer.id()) ? Result.DELIVERED : Result.NOT_CONFIRMED;
    }
}
