/**
 * The receiving side for an unattended drop (the browser's transfer/incoming.ts and
 * receiver.ts): answers offers on its own, and runs each accepted transfer on its own writer
 * thread behind a bounded queue. A transfer talks to its receiver only through
 * {@code ReceiveContext}, and its {@code ChunkWriter} only to the transfer.
 */
package io.peerhub.peer.transfer.receive;
