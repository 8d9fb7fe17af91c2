/**
 * The Redis adapter of {@link io.peerhub.server.presence.PresenceStore} (Lettuce): {@link
 * io.peerhub.server.presence.redis.RedisPresence}, its connections ({@code RedisLink}), key layout
 * ({@code RedisKeys}), Lua scripts ({@code RedisScripts}) and the JSON of events on the wire
 * ({@code EventCodec}). The only package that knows Redis.
 *
 * <p>Threading: Lettuce's I/O threads only complete futures and hand pub/sub messages to one
 * event thread ({@code peerhub-cluster-events}, bounded queue); a connector thread retries while
 * Redis was unreachable at start. No lock is held across a Redis round trip.
 */
package io.peerhub.server.presence.redis;
