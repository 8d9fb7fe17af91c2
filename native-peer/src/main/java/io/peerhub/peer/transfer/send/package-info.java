/**
 * The sending side (the browser's transfer/outgoing.ts and sender.ts): offer, answer timeout,
 * one pump thread per attempt streaming chunk frames under the watermark, and the window in
 * which an interrupted receiver may resume. A transfer's own monitor guards its progress.
 */
package io.peerhub.peer.transfer.send;
