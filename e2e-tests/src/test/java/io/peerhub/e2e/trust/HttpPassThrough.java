package io.peerhub.e2e.trust;

import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The pages and assets of a server, fetched for a relay in front of it and passed on unchanged. */
final class HttpPassThrough {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    /** Request headers a page's loads need passed on; the JDK client sets the rest itself. */
    private static final List<String> FORWARDED_REQUEST_HEADERS =
            List.of("accept", "accept-language", "if-none-match", "if-modified-since", "content-type");
    /** Connection-level headers, which belong to each hop and are not passed on. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "keep-alive",
            "transfer-encoding", "upgrade", "date", "server");

    private final String upstreamBase;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpPassThrough(String upstreamBase) {
        this.upstreamBase = upstreamBase;
    }

    /** The relay's client, for its sockets to the server too. */
    HttpClient client() {
        return http;
    }

    void forward(Context ctx) throws Exception {
        String query = ctx.queryString();
        URI target = URI.create(upstreamBase + ctx.path() + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(HTTP_TIMEOUT)
                .method(ctx.method().name(), HttpRequest.BodyPublishers.noBody());
        for (String name : FORWARDED_REQUEST_HEADERS) {
            String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        ctx.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type")) {
                ctx.contentType(values.get(0));
            } else if (!HOP_HEADERS.contains(lower) && !lower.startsWith(":")) {
                values.forEach(value -> ctx.res().addHeader(name, value));
            }
        });
        ctx.result(response.body());
    }
}
