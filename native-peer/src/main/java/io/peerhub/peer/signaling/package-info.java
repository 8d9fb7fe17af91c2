/**
 * The signaling WebSocket (the browser's signaling.ts) and where it connects: join, heartbeat,
 * reconnect and resume. Room events reach the listener on the client's one thread, in order.
 */
package io.peerhub.peer.signaling;
