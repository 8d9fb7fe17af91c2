/**
 * What both directions of file transfer share: the hash, byte sizes as people write them, and
 * file-name neutralisation (the browser's transfer/names.ts). Stateless and thread-safe. No file
 * under this package or below imports webrtc: transfers see only the mesh's {@code DataChannel}.
 */
package io.peerhub.peer.transfer;
