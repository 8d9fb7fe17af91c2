package io.peerhub.server.presence.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Redis and how to use it.
 *
 * @param uri            as Lettuce reads it: {@code redis://host:6379/0}, {@code rediss://} (TLS),
 *                       {@code redis-sentinel://host:26379,host2:26379/0#mymaster}; with {@code cluster},
 *                       comma-separated seed nodes {@code redis://a:7000,redis://b:7001}
 * @param cluster        whether {@code uri} names the seed nodes of a Redis Cluster
 * @param prefix         put before every key and channel, so deployments can share a Redis
 * @param presenceTtl    how long a peer outlives its node's last refresh
 * @param commandTimeout how long any Redis command may take before it counts as failed
 */
public record RedisSettings(String uri, boolean cluster, String prefix, Duration presenceTtl, Duration commandTimeout) {

    public static final String DEFAULT_PREFIX = "peerhub:";
    public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(15);
    /** Past this a Redis that answers is as good as one that does not: the node stops waiting for it. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(prefix, "prefix");
        if (presenceTtl.toMillis() < 300) {
            throw new IllegalArgumentException("presenceTtl must be at least 300 ms");
        }
    }

    /** How often a node refreshes its peers: three chances before their TTL runs out. */
    public Duration refreshInterval() {
        return presenceTtl.dividedBy(3);
    }
}
