package io.peerhub.peer.cli;

import io.peerhub.peer.chat.ChatExport;
import io.peerhub.peer.chat.ChatFile;
import io.peerhub.peer.docs.DocStore;
import io.peerhub.protocol.peer.DocsProtocol;
import io.peerhub.peer.docs.TextDocs;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.automerge.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Prints one kept document as plain text (UTF-8), or the kept chat history (--chat), "
                + "or writes it to FILE."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:exported", "1:no such document in DIR", "2:bad options"})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--docs", required = true, defaultValue = "${env:PEERHUB_DOCS}",
            description = "Folder a keep command keeps the documents in (env PEERHUB_DOCS).")
    Path docs;

    @Option(names = "--doc",
            description = "The document: its title as the room shows it (e.g. Notes), or its id.")
    String doc;

    @Option(names = "--chat",
            description = "Print the kept chat history instead, one line per message: time (UTC), name, "
                    + "[device id], text (line breaks shown as \\n).")
    boolean chat;

    @Option(names = "--out", description = "Write the text to FILE instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(docs)) {
            System.err.println("peerhub export: no documents folder " + docs);
            return 1;
        }
        if (chat == (doc != null)) {
            System.err.println("peerhub export: give --doc or --chat (one of them)");
            return 2;
        }
        if (chat) {
            return write(ChatExport.text(new ChatFile(docs.resolve(ChatFile.NAME)).load()));
        }
        try (DocStore store = DocStore.readOnly(docs)) {
            Optional<String> id = resolve(store);
            Optional<Document> found = id.flatMap(store::get);
            if (found.isEmpty()) {
                System.err.println("peerhub export: no document " + doc + " in " + store.dir());
                return 1;
            }
            return write(TextDocs.text(found.get()));
        }
    }

    private int write(String text) throws java.io.IOException {
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } else {
            PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            stdout.print(text);
            stdout.flush();
        }
        return 0;
    }

    /** A title from the index first (what people see), else the id itself. */
    private Optional<String> resolve(DocStore store) {
        Map<String, String> titles = store.get(DocsProtocol.INDEX_DOC_ID).map(TextDocs::titles).orElse(Map.of());
        for (Map.Entry<String, String> e : titles.entrySet()) {
            if (e.getValue().equals(doc.strip()) && store.get(e.getKey()).isPresent()) {
                return Optional.of(e.getKey());
            }
        }
        return store.get(doc).isPresent() ? Optional.of(doc) : Optional.empty();
    }
}
