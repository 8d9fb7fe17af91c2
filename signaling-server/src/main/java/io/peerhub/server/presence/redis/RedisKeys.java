package io.peerhub.server.presence.redis;

/**
 * The key and channel names, all under one prefix so that several deployments (or test runs) share
 * a Redis. A room's keys carry the room id as a hash tag ({@code {room}}), so that in Redis Cluster
 * they live in one slot and one script can touch them together.
 *
 * <pre>
 * PREFIX{ROOM}:members        set of peer ids (entries whose peer key expired are pruned by readers)
 * PREFIX{ROOM}:peer:ID        hash: node, name, kind, token (SHA-256 of the resume token); TTL
 * PREFIXresume:HASH           "ROOM PEERID" of a current resume token; TTL
 * PREFIXnodes                 sorted set: advertised URL of each live node, scored by expiry time
 * PREFIXnode:NODE             pub/sub channel of one node
 * </pre>
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String members(String room) {
        return prefix + "{" + room + "}:members";
    }

    String peer(String room, String peerId) {
        return prefix + "{" + room + "}:peer:" + peerId;
    }

    String resume(String tokenHash) {
        return prefix + "resume:" + tokenHash;
    }

    String nodes() {
        return prefix + "nodes";
    }

    String channel(String node) {
        return prefix + "node:" + node;
    }
}
