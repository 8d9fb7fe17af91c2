package io.peerhub.e2e.docs;

import io.peerhub.e2e.BrowserStory;

/** The document stories' stage: the shared one (a server and a Chromium per class). */
abstract class DocStage extends BrowserStory {}
