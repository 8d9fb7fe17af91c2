/**
 * A shared folder (docs/protocol.md "Shared folders"): what of DIR may be listed and served
 * ({@link FolderScan}), the catalogue peers browse and search ({@link Catalogue}), the hashes kept
 * by path, size and modification time so a file is hashed once ({@link HashCache}), and the live
 * library that keeps all of it current as DIR changes and checks a file again before it is served
 * ({@link Library}). A path a peer names is only ever looked up in the catalogue, never resolved
 * on disk.
 */
package io.peerhub.peer.share;
