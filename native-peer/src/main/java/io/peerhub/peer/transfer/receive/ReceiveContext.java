package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.transfer.PolicyInForce;

/**
 * What an accepted transfer needs from the receiver that accepted it, and no more (as the
 * browser's IncomingContext in web-client/src/transfer/incoming.ts): the folder, the limits, and
 * where to say what happened. Called on the transfer's writer thread, or on the thread that
 * cancels it.
 */
interface ReceiveContext {

    InboxWriter inbox();

    Quota quota();

    /** What each file's first bytes are judged by before any of it is staged. */
    PolicyInForce policy();

    /** The receiver's clock, in epoch milliseconds: what a transfer's progress is timed by. */
    long now();

    void received(FileReceiver.ReceivedFile file);

    void failed(String transferId, String why);

    /** The transfer is over (finished or cancelled): forget it. */
    void ended(IncomingTransfer transfer);
}
