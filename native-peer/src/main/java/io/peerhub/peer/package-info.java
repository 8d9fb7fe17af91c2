/**
 * The headless Java peer put together: {@link io.peerhub.peer.PeerNode} composes signaling, the
 * mesh, chat and transfers for the commands in {@code cli}, and closes them in the order
 * webrtc-java needs. Packages depend downwards only: {@code cli} → this → features ({@code chat},
 * {@code transfer.*}, {@code docs}, {@code drop}) → {@code mesh} → {@code signaling}; {@code rtc}
 * implements the mesh's {@code Link} and {@code DataChannel} with webrtc-java, and is the only
 * package that imports it.
 */
package io.peerhub.peer;
