/**
 * One link per other peer in the room, kept in step with presence (the browser's mesh.ts), with
 * the seams the features use: {@code Link} and {@code DataChannel} (webrtc's in {@code rtc}, an
 * in-memory pair in tests), the control channel's {@code ControlRouter}, and {@code hello}, which
 * the mesh owns. Control messages and peer events arrive on each link's worker thread, in order.
 */
package io.peerhub.peer.mesh;
