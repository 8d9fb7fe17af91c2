package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON message between peers (docs/protocol.md, section 2): on the control channel
 * {@code peerhub} or as a text frame on a transfer channel {@code peerhub-file:<id>}.
 */
public sealed interface PeerMessage
        permits Hello, ChatMessage, DirectText, HistoryRequest, HistoryBatch, TransferOffer, TransferAnswer, TransferResume, TransferCancel,
                FileEnd, Ack, FileResult, TransferDone,
                ShareStatus, ShareQuery, ShareResults, SharePull, ShareRefused {

    /** The wire {@code type}. */
    String type();

    /** Writes every field but {@code type} into {@code out}. */
    void writeFields(ObjectNode out);
}
