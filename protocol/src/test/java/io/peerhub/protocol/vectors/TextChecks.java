package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerhub.protocol.peer.DocsProtocol;
import io.peerhub.protocol.peer.SafeNames;
import java.util.Objects;
import java.util.Optional;

/** Names a receiver saves files under, and document titles as they are listed. */
final class TextChecks {

    private TextChecks() {}

    /** {@code component} (or {@code numbered}: [name, n]) is {@code saved} as. */
    static Optional<String> names(JsonNode c) {
        String saved = c.has("numbered")
                ? SafeNames.numbered(c.get("numbered").get(0).textValue(), c.get("numbered").get(1).intValue())
                : SafeNames.component(c.get("component").textValue());
        String want = c.get("saved").textValue();
        return saved.equals(want) ? Check.ok() : Check.fail("saved as " + Check.shorten(saved) + ", not " + Check.shorten(want));
    }

    /** {@code title} is {@code shown} as (trimmed), or not listed ({@code shown: null}). */
    static Optional<String> titles(JsonNode c) {
        String shown = DocsProtocol.title(c.get("title").textValue());
        String want = c.get("shown").textValue();
        return Objects.equals(shown, want) ? Check.ok() : Check.fail("shown as " + shown + ", not " + want);
    }
}
