package io.peerhub.server.presence.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The two Lettuce connections a node holds (commands, and pub/sub, which Redis requires to be
 * separate), configured so that Redis trouble never grows the heap:
 * <ul>
 *   <li>{@code autoReconnect}: Lettuce reconnects by itself (and re-subscribes the pub/sub channel);
 *   <li>{@code REJECT_COMMANDS} while disconnected: a command fails at once instead of waiting in a
 *       buffer for a Redis that may be gone for minutes;
 *   <li>{@code requestQueueSize}: at most this many commands in flight while connected but slow;
 *   <li>a command timeout, so a blocked Redis fails commands rather than holding them.
 * </ul>
 * Standalone, TLS and Sentinel URIs go to a {@link RedisClient}; Cluster seeds to a {@link RedisClusterClient}.
 * Both expose the commands used here through {@link RedisClusterAsyncCommands}.
 */
final class RedisLink implements AutoCloseable {

    /** Commands in flight per connection: a refresh of 10,000 peers at most, then callers get an error. */
    static final int REQUEST_QUEUE_SIZE = 100_000;

    /** The longest wait between two reconnection attempts. */
    static final Duration RECONNECT_MAX = Duration.ofSeconds(1);

    final AbstractRedisClient client;
    final StatefulConnection<String, String> connection;
    final RedisClusterAsyncCommands<String, String> commands;
    final StatefulRedisPubSubConnection<String, String> pubsub;

    private RedisLink(AbstractRedisClient client, StatefulConnection<String, String> connection,
                      RedisClusterAsyncCommands<String, String> commands, StatefulRedisPubSubConnection<String, String> pubsub) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.pubsub = pubsub;
    }

    /**
     * Connects both connections, or throws when Redis cannot be reached now.
     *
     * @param onChange called whenever either connection goes up or down
     */
    static RedisLink connect(RedisSettings settings, Runnable onChange) {
        // Lettuce backs off up to 30 s by default; presence must be whole again within one refresh
        // interval of Redis returning, so the node retries at least every RECONNECT_MAX.
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(() -> Delay.exponential(Duration.ofMillis(50), RECONNECT_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
        RedisConnectionStateListener listener = new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                onChange.run();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                onChange.run();
            }
        };
        if (settings.cluster()) {
            List<RedisURI> seeds = Arrays.stream(settings.uri().split(",")).map(String::trim).map(RedisURI::create).toList();
            RedisClusterClient client = RedisClusterClient.create(resources, seeds);
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(REQUEST_QUEUE_SIZE)
                    .timeoutOptions(timeouts)
                    .build());
            client.addListener(listener);
            try {
                var connection = client.connect();
                var pubsub = client.connectPubSub();
                return new RedisLink(client, connection, connection.async(), pubsub);
            } catch (RuntimeException e) {
                client.shutdown();
                resources.shutdown();
                throw e;
            }
        }
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .timeoutOptions(timeouts)
                .build());
        client.addListener(listener);
        try {
            var connection = client.connect();
            var pubsub = client.connectPubSub();
            return new RedisLink(client, connection, connection.async(), pubsub);
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    boolean isOpen() {
        return connection.isOpen() && pubsub.isOpen();
    }

    @Override
    public void close() {
        pubsub.close();
        connection.close();
        client.shutdown();
        client.getResources().shutdown();
    }
}
