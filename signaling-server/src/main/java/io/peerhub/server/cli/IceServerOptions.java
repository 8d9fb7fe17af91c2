package io.peerhub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.peerhub.protocol.IceServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the ICE server list from the command line. Two forms, which add up:
 * <ul>
 *   <li>{@code --ice-server URL[,URL...]}, repeatable: one server per occurrence, its URLs
 *       comma-separated; {@code --turn-username}/{@code --turn-credential} are given to each
 *       server that has a {@code turn:} or {@code turns:} URL;</li>
 *   <li>{@code --ice-servers-json}: a JSON list exactly as in {@code RTCConfiguration.iceServers},
 *       for servers that need different credentials each.</li>
 * </ul>
 */
public final class IceServerOptions {

    private static final List<String> SCHEMES = List.of("stun:", "stuns:", "turn:", "turns:");

    private IceServerOptions() {}

    public static List<IceServer> build(List<String> specs, String turnUsername, String turnCredential, String json) {
        List<IceServer> servers = new ArrayList<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            if (spec.isBlank()) {
                continue;
            }
            List<String> urls = Arrays.stream(spec.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
            urls.forEach(IceServerOptions::checkUrl);
            boolean turn = urls.stream().anyMatch(u -> u.startsWith("turn:") || u.startsWith("turns:"));
            servers.add(turn ? new IceServer(urls, blankToNull(turnUsername), blankToNull(turnCredential))
                    : new IceServer(urls, null, null));
        }
        if (json != null && !json.isBlank()) {
            servers.addAll(parseJson(json));
        }
        return List.copyOf(servers);
    }

    static List<IceServer> parseJson(String json) {
        JsonNode list;
        try {
            list = JsonMapper.builder().build().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("--ice-servers-json is not valid JSON");
        }
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("--ice-servers-json must be a JSON list of {urls, username?, credential?}");
        }
        List<IceServer> servers = new ArrayList<>();
        for (JsonNode entry : list) {
            JsonNode urlsNode = entry.get("urls");
            List<String> urls = new ArrayList<>();
            if (urlsNode != null && urlsNode.isTextual()) {
                urls.add(urlsNode.textValue());
            } else if (urlsNode != null && urlsNode.isArray()) {
                urlsNode.forEach(u -> urls.add(u.asText()));
            }
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("each entry of --ice-servers-json needs \"urls\"");
            }
            urls.forEach(IceServerOptions::checkUrl);
            servers.add(new IceServer(urls, text(entry, "username"), text(entry, "credential")));
        }
        return servers;
    }

    private static void checkUrl(String url) {
        if (SCHEMES.stream().noneMatch(url::startsWith)) {
            throw new IllegalArgumentException("'" + url + "' is not a stun:, stuns:, turn: or turns: URL");
        }
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
