package io.peerhub.e2e.files;

import io.peerhub.e2e.BrowserStory;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;

/** The file stories' stage: the shared one, plus files made in a temp folder and their hashes. */
abstract class FileStage extends BrowserStory {

  static Path randomFile(Path file, long size, long seed) {
    return TestFiles.randomFile(file, size, seed);
  }

  static String sha256(Path file) {
    return TestFiles.sha256(file);
  }
}
