package io.peerhub.server;

import io.peerhub.server.presence.redis.RedisSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins others. Without a Redis URI the node is alone and keeps presence in memory.
 *
 * @param nodeId       this process's id among the nodes (random by default: a restarted node is a new node)
 * @param redisUri     Redis to share presence through, as Lettuce reads it; null: in memory, one node
 * @param redisCluster whether {@code redisUri} lists Redis Cluster seed nodes
 * @param redisPrefix  put before every Redis key and channel
 * @param presenceTtl  how long a peer outlives its node's last refresh (a killed node's peers leave after this)
 * @param peerNodeUrls other nodes' public WebSocket URLs, handed to clients in {@code welcome.servers}
 *                     (nodes with a public URL also advertise themselves through Redis)
 */
public record ClusterConfig(String nodeId, String redisUri, boolean redisCluster, String redisPrefix,
                            Duration presenceTtl, List<String> peerNodeUrls) {

    public ClusterConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(redisPrefix, "redisPrefix");
        Objects.requireNonNull(presenceTtl, "presenceTtl");
        peerNodeUrls = List.copyOf(peerNodeUrls == null ? List.of() : peerNodeUrls);
        if (presenceTtl.toMillis() < 300) {
            throw new IllegalArgumentException("presenceTtl must be at least 300ms");
        }
        if (nodeId.isBlank() || !nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("nodeId must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
    }

    /** One node, presence in memory, a random node id. */
    public static ClusterConfig standalone() {
        return new ClusterConfig(randomNodeId(), null, false, RedisSettings.DEFAULT_PREFIX,
                RedisSettings.DEFAULT_PRESENCE_TTL, List.of());
    }

    public static String randomNodeId() {
        return "n-" + io.peerhub.protocol.Ids.newPeerId().substring(0, 12);
    }

    public ClusterConfig withRedis(String uri, String prefix) {
        return new ClusterConfig(nodeId, uri, redisCluster, prefix, presenceTtl, peerNodeUrls);
    }

    public ClusterConfig withPresenceTtl(Duration ttl) {
        return new ClusterConfig(nodeId, redisUri, redisCluster, redisPrefix, ttl, peerNodeUrls);
    }

    public ClusterConfig withNodeId(String id) {
        return new ClusterConfig(id, redisUri, redisCluster, redisPrefix, presenceTtl, peerNodeUrls);
    }

    public ClusterConfig withPeerNodeUrls(List<String> urls) {
        return new ClusterConfig(nodeId, redisUri, redisCluster, redisPrefix, presenceTtl, urls);
    }

    /** The Redis settings, or null when presence stays in memory. */
    public RedisSettings redis() {
        return redisUri == null ? null
                : new RedisSettings(redisUri, redisCluster, redisPrefix, presenceTtl, RedisSettings.DEFAULT_COMMAND_TIMEOUT);
    }
}
