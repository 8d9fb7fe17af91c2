package io.peerhub.e2e.drop;

import io.peerhub.e2e.BrowserStory;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;

/** The stage for stories of browsers and the Java peer: the shared one, plus test files. */
abstract class DropStage extends BrowserStory {

  static Path randomFile(Path file, long size, long seed) {
    return TestFiles.randomFile(file, size, seed);
  }

  static String sha256(Path file) {
    return TestFiles.sha256(file);
  }
}
