package io.peerhub.peer.cli;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.docs.DocPublisher;
import io.peerhub.peer.docs.DocStore;
import io.peerhub.peer.docs.DocSync;
import io.peerhub.peer.docs.DocsChannels;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.DocsProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doc", mixinStandardHelpOptions = true,
        description = {"Edits a room's shared document, so scripts can publish into a room: joins the room, "
                + "puts a UTF-8 text file into the document with the title TITLE (a new document when the room has "
                + "none by that title; --replace replaces the text of one that has some) or adds lines at its end, "
                + "waits until every peer there has the result, and leaves. Someone must be in the room: a browser, "
                + "or a keep command that keeps the documents for later."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:done, and every peer in the room has it",
            "1:not done: the document would pass a size cap, or it has text and --replace was not given, or the hub's policy turns documents off",
            "2:bad options",
            "3:done, but not every peer confirmed it within --wait",
            "4:nobody in the room within --wait",
            "5:the file could not be read (or is not UTF-8)"})
final class DocCommand implements Callable<Integer> {

    static final int DONE = 0;
    static final int NOT_DONE = 1;
    static final int UNCONFIRMED = 3;
    static final int NOBODY = 4;
    static final int LOCAL_ERROR = 5;

    @Mixin
    RoomOptions room;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--title", required = true,
            description = "The document, by the title the room shows (e.g. Notes); created when there is none.")
    String title;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Edit edit;

    static final class Edit {
        @Option(names = "--import", paramLabel = "FILE", description = "Put this UTF-8 text file into the document.")
        Path file;

        @Option(names = "--append", paramLabel = "LINE", arity = "1..*",
                description = "Add LINE (and a line break) at the end of the document; repeatable.")
        List<String> lines;
    }

    @Option(names = "--replace", description = "With --import: replace the document's text if it has some "
            + "(only what differs changes, so the others' carets elsewhere stay put).")
    boolean replace;

    @Option(names = "--name", defaultValue = "${env:PEERHUB_NAME:-Publisher}",
            description = "Display name in the room while it edits (env PEERHUB_NAME; default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--wait", defaultValue = "${env:PEERHUB_WAIT:-30}",
            description = "Seconds to wait for someone in the room, and again for them to have the edit "
                    + "(env PEERHUB_WAIT; default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    public Integer call() throws Exception {
        if (DocsProtocol.title(title) == null) {
            System.err.println("peerhub doc: a title is 1 to " + DocsProtocol.MAX_TITLE_CODE_POINTS + " characters of visible text");
            return 2;
        }
        if (replace && edit.file == null) {
            System.err.println("peerhub doc: --replace goes with --import");
            return 2;
        }
        String text = null;
        if (edit.file != null) {
            try {
                text = readText(edit.file);
            } catch (IOException e) {
                System.err.println("peerhub doc: " + e.getMessage());
                return LOCAL_ERROR;
            }
        }
        Duration wait = Duration.ofSeconds(waitSeconds);
        // The documents live in memory only: the room's peers keep them; this command leaves.
        Path scratch = Files.createTempDirectory("peerhub-doc");
        DocSync sync = new DocSync(new DocStore(scratch));
        try (PeerNode node = new PeerNode(new RtcRuntime(), true, room.address(), name, ClientKind.NATIVE,
                identity.load(), (from, chat) -> { }, Duration.ofMinutes(1))) {
            DocsChannels channels = DocsChannels.attachPublisher(node.mesh(), sync)
                    .onlyWhile(() -> node.hubPolicy().documents());
            node.start();
            try {
                return publish(node, new DocPublisher(sync), text, wait);
            } finally {
                channels.close();
            }
        } finally {
            sync.close();
            deleteTree(scratch);
        }
    }

    private int publish(PeerNode node, DocPublisher publisher, String text, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean someone = false;
        // In slices, so a hub whose policy turns documents off is told at its welcome, not after --wait.
        while (!someone && node.hubPolicy().documents() && System.nanoTime() < deadline) {
            someone = publisher.awaitRoom(Duration.ofMillis(250));
        }
        if (!node.hubPolicy().documents()) {
            System.err.println("peerhub doc: not done: documents are off on this hub (its policy)");
            return NOT_DONE;
        }
        if (!someone) {
            System.err.println("peerhub doc: nobody in the room within " + waitSeconds + " s to publish to");
            return NOBODY;
        }
        DocPublisher.Outcome outcome = text != null
                ? publisher.importText(title, text, replace, wait)
                : publisher.append(title, edit.lines, wait);
        if (outcome instanceof DocPublisher.Outcome.Full full) {
            System.err.println("peerhub doc: not done. " + full.refusal().describe(title.strip()));
            return NOT_DONE;
        }
        if (outcome instanceof DocPublisher.Outcome.HasText) {
            System.err.println("peerhub doc: not done: " + title.strip() + " already has text; "
                    + "--replace replaces it, --append adds lines");
            return NOT_DONE;
        }
        DocPublisher.Outcome.Done done = (DocPublisher.Outcome.Done) outcome;
        if (!publisher.awaitSynced(done.docId(), wait)) {
            System.err.println("peerhub doc: " + title.strip() + " edited, but not every peer confirmed it within "
                    + waitSeconds + " s");
            return UNCONFIRMED;
        }
        System.err.println("peerhub doc: " + title.strip() + (done.created() ? " created" : " edited")
                + " (id " + done.docId() + "), " + publisher.text(done.docId()).length() + " characters");
        return DONE;
    }

    /** The file as UTF-8, refused before it is read when it is past the document cap. */
    private static String readText(Path file) throws IOException {
        long size = Files.size(file);
        if (size > DocsProtocol.MAX_DOC_TEXT_BYTES) {
            throw new IOException(file + " is " + size + " bytes; a document holds at most "
                    + DocsProtocol.MAX_DOC_TEXT_BYTES + " bytes (256 KiB) of text");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
