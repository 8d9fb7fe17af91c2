/**
 * The WebSocket transport: Javalin/Jetty glue that turns socket events into calls on the
 * signaling {@code Dispatcher} and gives each socket a bounded send queue. It knows nothing of
 * rooms or presence.
 *
 * <p>Threading: Jetty's threads call in, for many connections at once; a send from any thread only
 * enqueues, so no thread waits on a slow client.
 */
package io.peerhub.server.transport;
