package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the {@code doc} command does in a room's documents, apart from joining the room: find a
 * document by the title people see (or create it), put a text in it or add lines to it, and wait
 * until every peer there has the result. Each edit is held to the size caps like any other
 * ({@link DocSync#edit}) and goes in as one splice, so it keeps same-place typing whole.
 */
public final class DocPublisher {

    /** How often the waits look again: short beside a round trip, long beside a lookup. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final DocSync sync;

    public DocPublisher(DocSync sync) {
        this.sync = sync;
    }

    /** What became of an edit. */
    public sealed interface Outcome {
        /** Made, in document {@code docId} (new: created by this edit). */
        record Done(String docId, boolean created) implements Outcome {}

        /** Not made: it would have taken the document or the room past a cap. */
        record Full(DocLimits.Refusal refusal) implements Outcome {}

        /** Not made: the document has text, and the edit was no replacement. */
        record HasText(String docId) implements Outcome {}
    }

    /**
     * Waits until at least one peer is here and the room's list of documents is the same on both
     * sides, so that titles mean what they mean to the others. False when {@code wait} passed first.
     */
    public boolean awaitRoom(Duration wait) throws InterruptedException {
        return until(() -> sync.attached() > 0 && sync.inSync(DocsProtocol.INDEX_DOC_ID), wait);
    }

    /** Waits until every peer here has the document as we have it. */
    public boolean awaitSynced(String docId, Duration wait) throws InterruptedException {
        return until(() -> sync.inSync(docId) && sync.inSync(DocsProtocol.INDEX_DOC_ID), wait);
    }

    /** The first document listed with this title (the browser's order: Notes first, then by creation). */
    public Optional<String> find(String title) {
        String wanted = DocsProtocol.title(title);
        List<TextDocs.Listing> listing = sync.read(DocsProtocol.INDEX_DOC_ID,
                index -> index.map(TextDocs::listing).orElse(List.of()));
        return listing.stream().filter(d -> d.title().equals(wanted)).map(TextDocs.Listing::id).findFirst();
    }

    /**
     * Puts {@code text} into the document titled {@code title}: a new document when there is
     * none (then waits {@code wait} at most for its content to arrive first), or a replacement of
     * its text (only what differs changes) when {@code replace}; otherwise a document with text
     * is left alone.
     */
    public Outcome importText(String title, String text, boolean replace, Duration wait) throws InterruptedException {
        String clean = TextDocs.normalizeLineBreaks(text);
        Optional<String> found = find(title);
        if (found.isEmpty()) {
            return create(title, clean);
        }
        String docId = found.get();
        awaitSynced(docId, wait);
        boolean hasText = sync.read(docId, d -> d.map(TextDocs::text).filter(t -> !t.isEmpty()).isPresent());
        if (hasText && !replace) {
            return new Outcome.HasText(docId);
        }
        return made(docId, false, sync.edit(docId, d -> {
            TextDocs.ensureSeeded(d);
            TextDocs.replaceText(d, clean);
        }));
    }

    /** Adds lines at the end of the document titled {@code title} (created when there is none). */
    public Outcome append(String title, List<String> lines, Duration wait) throws InterruptedException {
        List<String> clean = lines.stream().map(TextDocs::normalizeLineBreaks).toList();
        Optional<String> found = find(title);
        if (found.isEmpty()) {
            return create(title, String.join("\n", clean) + (clean.isEmpty() ? "" : "\n"));
        }
        String docId = found.get();
        awaitSynced(docId, wait);
        return made(docId, false, sync.edit(docId, d -> {
            TextDocs.ensureSeeded(d);
            TextDocs.appendLines(d, clean);
        }));
    }

    private Outcome create(String title, String text) {
        if (DocsProtocol.title(title) == null) {
            throw new IllegalArgumentException("a title is 1 to " + DocsProtocol.MAX_TITLE_CODE_POINTS
                    + " characters of visible text");
        }
        String docId = TextDocs.newDocId();
        Optional<DocLimits.Refusal> refused = sync.edit(docId, d -> {
            TextDocs.ensureSeeded(d);
            TextDocs.replaceText(d, text);
        });
        if (refused.isPresent()) {
            return new Outcome.Full(refused.get());
        }
        // Listed once its text is in: a document too big for the caps is never listed empty.
        long now = System.currentTimeMillis();
        return made(docId, true, sync.edit(DocsProtocol.INDEX_DOC_ID, index -> TextDocs.addToIndex(index, docId, title, now)));
    }

    private static Outcome made(String docId, boolean created, Optional<DocLimits.Refusal> refused) {
        return refused.<Outcome>map(Outcome.Full::new).orElseGet(() -> new Outcome.Done(docId, created));
    }

    private static boolean until(BooleanSupplier condition, Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    /** The document's text as this peer has it now. */
    public String text(String docId) {
        return sync.read(docId, d -> d.map(TextDocs::text).orElse(""));
    }
}
