/**
 * Presence: who is in which room on which node, and how nodes tell each other. {@link
 * io.peerhub.server.presence.PresenceStore} is the port, with its records ({@link
 * io.peerhub.server.presence.PeerRecord}) and events ({@link io.peerhub.server.presence.ClusterEvent});
 * {@link io.peerhub.server.presence.InMemoryPresence} is the one-node default, and {@code
 * presence.redis} the adapter for many nodes. Nothing here knows rooms' logic, Jetty or WebSockets.
 *
 * <p>Threading: every store method may be called from any thread; events reach listeners on one
 * thread, in order. Calls that answer block for at most the store's command timeout; calls that
 * answer nothing never block.
 */
package io.peerhub.server.presence;
