package io.peerhub.protocol.peer;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A text message on the documents channel: where a peer's caret is in document {@code doc}
 * ({@code anchor} and {@code head} are Automerge cursors), or {@code doc == null} when it has no
 * document open (then {@code anchor} and {@code head} are null too). The Java peer sends none and
 * ignores those it gets; this is the rule they are held to, as the browser's
 * web-client/src/protocol/docs.ts {@code parseCursorMessage} applies it.
 */
public record CursorMessage(String doc, String anchor, String head) {

    public static final String TYPE = "cursor";

    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9@_-]{1,200}");
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** @throws PeerProtocolException when the text is not a valid cursor message (it is dropped) */
    public static CursorMessage parse(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > DocsProtocol.MAX_CURSOR_MESSAGE_BYTES) {
            throw new PeerProtocolException("cursor message larger than " + DocsProtocol.MAX_CURSOR_MESSAGE_BYTES + " bytes");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new PeerProtocolException("message is not valid JSON");
        }
        if (tree == null || !tree.isObject() || !TYPE.equals(tree.path("type").textValue())) {
            throw new PeerProtocolException("not a cursor message");
        }
        JsonNode doc = tree.get("doc");
        if (doc != null && doc.isNull()) {
            return new CursorMessage(null, null, null);
        }
        if (doc == null || !DocsProtocol.isDocId(doc.textValue())) {
            throw new PeerProtocolException("cursor.doc must be a document id or null");
        }
        return new CursorMessage(doc.textValue(), cursor(tree, "anchor"), cursor(tree, "head"));
    }

    private static String cursor(JsonNode tree, String field) {
        String value = tree.path(field).textValue();
        if (value == null || !CURSOR.matcher(value).matches()) {
            throw new PeerProtocolException("cursor." + field + " must be an Automerge cursor");
        }
        return value;
    }

    /** The message as sent: {@code doc: null} alone when no document is open. */
    public void writeTo(ObjectNode out) {
        out.put("type", TYPE);
        if (doc == null) {
            out.putNull("doc");
            return;
        }
        out.put("doc", doc);
        out.put("anchor", anchor);
        out.put("head", head);
    }
}
