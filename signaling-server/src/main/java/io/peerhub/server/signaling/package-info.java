/**
 * The signaling logic: rooms, sessions, the handler per message type and what the rooms tell the
 * presence store ({@code ClusterLink}, {@code RemoteMembers}, {@code PresenceSync}). It knows the
 * presence port but neither Jetty nor Redis: a connection reaches it as a {@link
 * io.peerhub.server.signaling.Connection}.
 *
 * <p>Threading: Jetty calls in concurrently across connections; each room's monitor guards that room
 * and its sessions for the whole of a change and the sends it causes (see {@code RoomRegistry}),
 * and no code holds two rooms' locks or waits on Redis while holding one.
 */
package io.peerhub.server.signaling;
