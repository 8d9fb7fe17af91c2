package io.peerhub.e2e.docs;

import io.peerhub.e2e.PeerProcess;
import java.nio.file.Path;

/** The Java peer's {@code export} command, run to the end as people run it. */
final class DocExport {

    private DocExport() {}

    /** Runs {@code export} and returns what it printed: the document's text. */
    static String text(Path dir, Path docs, String doc) throws InterruptedException {
        Path out = dir.resolve("export-" + System.nanoTime() + ".txt");
        try (PeerProcess p = PeerProcess.startSplit(out, "export", "--docs", docs.toString(), "--doc", doc)) {
            if (p.waitForExit(60) != 0) {
                throw new AssertionError("export failed: " + p.errors());
            }
            return p.output();
        }
    }
}
