package io.peerhub.server.presence.redis;

/** The Lua scripts that keep each change to a peer's record atomic (one room's keys: one Cluster slot). */
final class RedisScripts {

    /**
     * Writes a peer's record and puts it in its room. KEYS: peer, members. ARGV: node, ttlMs, name,
     * kind, tokenHash, peerId, force. Without force (a refresh) it refuses, returning 0, when another
     * node owns the record: the peer resumed there, and this node must let it go.
     */
    static final String PUT = """
            local owner = redis.call('HGET', KEYS[1], 'node')
            if owner and owner ~= ARGV[1] and ARGV[7] ~= '1' then return 0 end
            redis.call('HSET', KEYS[1], 'node', ARGV[1], 'name', ARGV[3], 'kind', ARGV[4], 'token', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[6])
            redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]) * 2)
            return 1
            """;

    /**
     * Moves a peer to a new node if its token matches. KEYS: peer. ARGV: tokenHash, node,
     * newTokenHash, ttlMs. Returns [old node, name, kind], or nil.
     */
    static final String CLAIM = """
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return nil end
            local old = redis.call('HMGET', KEYS[1], 'node', 'name', 'kind')
            redis.call('HSET', KEYS[1], 'node', ARGV[2], 'token', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return old
            """;

    /** Removes a peer this node still owns. KEYS: peer, members. ARGV: node, peerId. */
    static final String REMOVE = """
            if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('SREM', KEYS[2], ARGV[2])
            end
            return 1
            """;

    private RedisScripts() {}
}
