package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.JSHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One person in a room, seen the way they see it: by roles and labels, as the accessibility
 * contract in the rooms-and-chat issue defines them (never by CSS classes).
 */
public final class RoomPage implements AutoCloseable {

  private final BrowserContext context;
  private final Page page;

  private RoomPage(BrowserContext context, Page page) {
    this.context = context;
    this.page = page;
  }

  /** Opens {@code url} in a fresh browser profile and takes the display name {@code name}. */
  public static RoomPage open(Browser browser, String url, String name) {
    BrowserContext context = browser.newContext();
    Page page = context.newPage();
    // The page's console goes to the test's output file: the first place to look when a story fails.
    page.onConsoleMessage(m -> System.out.printf("[%s] console.%s %s%n", name, m.type(), m.text()));
    page.onPageError(e -> System.out.printf("[%s] page error %s%n", name, e));
    page.navigate(url);
    RoomPage room = new RoomPage(context, page);
    room.rename(name);
    return room;
  }

  /** Like {@link #open}, in a context the caller made (e.g. a persistent profile); closing closes it. */
  public static RoomPage openIn(BrowserContext context, String url, String name) {
    Page page = context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
    page.onConsoleMessage(m -> System.out.printf("[%s] console.%s %s%n", name, m.type(), m.text()));
    page.onPageError(e -> System.out.printf("[%s] page error %s%n", name, e));
    page.navigate(url);
    RoomPage room = new RoomPage(context, page);
    room.rename(name);
    return room;
  }

  /** A page the caller opened and navigated itself (e.g. while holding its scripts back). */
  public static RoomPage on(BrowserContext context, Page page, String label) {
    page.onConsoleMessage(m -> System.out.printf("[%s] console.%s %s%n", label, m.type(), m.text()));
    page.onPageError(e -> System.out.printf("[%s] page error %s%n", label, e));
    return new RoomPage(context, page);
  }

  public Page page() {
    return page;
  }

  public BrowserContext context() {
    return context;
  }

  public void rename(String name) {
    Locator input = page.getByLabel("Your name", new Page.GetByLabelOptions().setExact(true));
    input.fill(name);
    input.press("Enter");
    assertThat(input).hasValue(name);
  }

  /** The avatar button of the peer called {@code name}; its accessible name starts with it. */
  public Locator avatarOf(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
        .setName(Pattern.compile("^" + jsQuote(name) + ", ")));
  }

  /** Connected, and verified (docs/protocol.md "Verifying a peer"): every story that meets proves it. */
  public void shouldSeeConnected(String name) {
    // After a reload the peer's earlier connection may still show, away ("reconnecting…"), beside
    // the new one until the server lets it go: what counts is that one avatar of it is connected.
    Locator connected = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
        .setName(Pattern.compile("^" + jsQuote(name) + ", connected, verified")));
    assertThat(connected.first()).isVisible(
        new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
  }

  /** The peer's avatar says in words that it failed verification. */
  public void shouldSeeNotVerified(String name) {
    assertThat(avatarOf(name)).hasAccessibleName(
        name + ", not verified — this connection may be intercepted",
        new com.microsoft.playwright.assertions.LocatorAssertions.HasAccessibleNameOptions()
            .setTimeout(20_000));
  }

  /** The list item holding the avatar of {@code name} (its avatar, Details, send buttons). */
  public Locator peerItem(String name) {
    return page.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHas(avatarOf(name)));
  }

  /** Opens the details of {@code name} with its `Details` button; returns the region shown. */
  public Locator openDetailsOf(String name) {
    Locator item = peerItem(name);
    Locator button = item.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Details"));
    if (!"true".equals(button.getAttribute("aria-expanded"))) {
      button.click();
    }
    return item.getByRole(AriaRole.REGION);
  }

  /** The safety code the details of {@code name} show: five groups of four digits. */
  public String safetyCodeOf(String name) {
    Locator code = openDetailsOf(name).locator(".safety-code");
    assertThat(code).hasText(Pattern.compile("^\\d{4}( \\d{4}){4}$"));
    return code.textContent();
  }

  public void say(String text) {
    Locator message = page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
    message.fill(text);
    message.press("Enter");
    assertThat(message).hasValue("");
  }

  public Locator chatLog() {
    return page.getByRole(AriaRole.LOG);
  }

  /** The chat entry from {@code sender} holding exactly {@code text} (as text, never HTML). */
  public Locator chatEntry(String sender, String text) {
    return chatLog().locator(":scope > *")
        .filter(new Locator.FilterOptions().setHasText(sender))
        .filter(new Locator.FilterOptions().setHasText(text));
  }

  // ---- Files (issue 3) ----------------------------------------------------------------------

  /**
   * Drops {@code files} on the avatar of {@code peer} the way a drag from the desktop would: the
   * files go through a file input the test adds (so they are real files from disk), then a
   * DataTransfer built from them is dispatched as a drop on the avatar.
   */
  public void dropFilesOn(String peer, Path... files) {
    dropFiles(avatarOf(peer), files);
  }

  /** Drops {@code files} on the room outside any avatar (offered to everyone). */
  public void dropFilesOnRoom(Path... files) {
    dropFiles(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Files").setExact(true)), files);
  }

  /**
   * Drops files made in the page from text ({@code name → content}) on the avatar of
   * {@code peer}. A File made in JavaScript may carry any name, even "../../x", which no disk
   * file could: this is how a hostile sender's names get tested.
   */
  public void dropMadeUpFilesOn(String peer, Map<String, String> files) {
    JSHandle data = page.evaluateHandle("files => { const dt = new DataTransfer();"
        + " for (const [name, text] of Object.entries(files)) dt.items.add(new File([text], name));"
        + " return dt; }", files);
    Locator target = avatarOf(peer);
    target.dispatchEvent("dragover", Map.of("dataTransfer", data));
    target.dispatchEvent("drop", Map.of("dataTransfer", data));
  }

  private void dropFiles(Locator target, Path... files) {
    page.evaluate("() => { const i = document.createElement('input'); i.type = 'file'; i.multiple = true;"
        + " i.id = 'e2e-drop-source'; i.hidden = true; document.body.append(i); }");
    page.locator("#e2e-drop-source").setInputFiles(files);
    JSHandle data = page.evaluateHandle("() => { const i = document.getElementById('e2e-drop-source');"
        + " const dt = new DataTransfer(); for (const f of i.files) dt.items.add(f); i.remove(); return dt; }");
    target.dispatchEvent("dragenter", Map.of("dataTransfer", data));
    target.dispatchEvent("dragover", Map.of("dataTransfer", data));
    target.dispatchEvent("drop", Map.of("dataTransfer", data));
  }

  /** Selects the avatar of {@code peer} and sends {@code files} with its `Send files` button. */
  public void sendFilesTo(String peer, Path... files) {
    avatarOf(peer).focus();
    FileChooser chooser = page.waitForFileChooser(() ->
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send files").setExact(true)).click());
    chooser.setFiles(files);
  }

  /** Selects the avatar of {@code peer} and sends the folder {@code dir} with `Send folder`. */
  public void sendFolderTo(String peer, Path dir) {
    avatarOf(peer).focus();
    FileChooser chooser = page.waitForFileChooser(() ->
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send folder").setExact(true)).click());
    chooser.setFiles(dir);
  }

  /** Sends {@code files} to everyone in the room with the `Send to everyone` button. */
  public void sendToEveryone(Path... files) {
    FileChooser chooser = page.waitForFileChooser(() ->
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send to everyone").setExact(true)).click());
    chooser.setFiles(files);
  }

  /** The offer from {@code sender}, waiting for `Accept` or `Decline`. */
  public Locator offerFrom(String sender) {
    return page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Files from " + sender));
  }

  /** Accepts the offer from {@code sender} and waits for the verified files' download. */
  public Download acceptAndDownload(String sender, double timeoutMs) {
    return page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(timeoutMs), () ->
        offerFrom(sender).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept")).click());
  }

  public void accept(String sender) {
    offerFrom(sender).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept")).click();
  }

  public void decline(String sender) {
    offerFrom(sender).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Decline")).click();
  }

  /** The transfer item whose progressbar's name contains {@code label} (a file name, or "N files"). */
  public Locator transfer(String label) {
    return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Transfers"))
        .getByRole(AriaRole.LISTITEM)
        .filter(new Locator.FilterOptions().setHas(page.getByRole(AriaRole.PROGRESSBAR,
            new Page.GetByRoleOptions().setName(Pattern.compile(jsQuote(label))))));
  }

  public Locator progressOf(String label) {
    return transfer(label).getByRole(AriaRole.PROGRESSBAR);
  }

  /**
   * Bytes this page has read from disk for files it sent, from its {@code peerhub:file-read}
   * marks (one per file reader, when it is done: wait for the transfers to end first).
   */
  public long bytesReadFromDisk() {
    return ((Number) page.evaluate(
        "() => performance.getEntriesByName('peerhub:file-read').reduce((n, e) => n + e.detail.bytes, 0)")).longValue();
  }

  public void cancel(String label) {
    transfer(label).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
  }

  // ---- Documents ----

  /**
   * Presses {@code Open documents} if the page still shows it: documents load only when needed,
   * so a person opens them before using them. Idempotent, and a no-op once they are up (a peer
   * opening the documents channel also brings them up, possibly while this runs).
   */
  public void showDocuments() {
    Locator open = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open documents").setExact(true));
    if (!open.isVisible()) {
      return;
    }
    try {
      open.click(new Locator.ClickOptions().setTimeout(2_000));
    } catch (PlaywrightException goneMeanwhile) {
      // The engine came up (a peer's documents channel) and took the button's place.
    }
  }

  /** The documents' place before they are opened: what the page says, and the button. */
  public Locator closedDocuments() {
    return page.locator("#docs-closed");
  }

  /** Whether the documents engine was fetched at all (its wasm among the page's resources). */
  public boolean documentsEngineFetched() {
    return (Boolean) page.evaluate("() => performance.getEntriesByType('resource').some(e => /automerge.*\\.wasm/.test(e.name))");
  }

  /** The editor's text box, by its accessible name. */
  public Locator documentEditor() {
    showDocuments();
    return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Document").setExact(true));
  }

  /** The open document's text as the editor holds it (lines joined with "\n"). */
  public String documentText() {
    showDocuments();
    return (String) page.evaluate("() => [...document.querySelectorAll('[aria-label=\"Document\"] .cm-line')]"
        + ".map(line => line.textContent).join('\\n')");
  }

  /** The open document's length in UTF-16 units, as the editor reports it (any size of text). */
  public int documentLength() {
    showDocuments();
    Object length = page.evaluate("() => Number(document.querySelector('[data-doc-length]')?.dataset.docLength ?? -1)");
    return ((Number) length).intValue();
  }

  /** Clicks into the document, moves to its end (or start) and types {@code text} key by key. */
  public void typeInDocument(String text, boolean atStart) {
    documentEditor().click();
    page.keyboard().press(atStart ? "Control+Home" : "Control+End");
    page.keyboard().type(text);
  }

  /** Inserts {@code text} at the caret as one input, the way an IME or a paste does. */
  public void insertInDocument(String text) {
    documentEditor().focus();
    page.keyboard().insertText(text);
  }

  /**
   * Pastes {@code text} at the caret as the clipboard does: a {@code paste} event carrying it,
   * which the editor takes in one transaction.
   */
  public void pasteInDocument(String text) {
    documentEditor().focus();
    page.evaluate("text => { const data = new DataTransfer(); data.setData('text/plain', text);"
        + " document.activeElement.dispatchEvent(new ClipboardEvent('paste',"
        + " { clipboardData: data, bubbles: true, cancelable: true })); }", text);
  }

  public Locator documentList() {
    showDocuments();
    return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Documents").setExact(true));
  }

  public Locator documentTab(String title) {
    return documentList().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(title).setExact(true));
  }

  public void newDocument() {
    showDocuments();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New document").setExact(true)).click();
  }

  public void openDocument(String title) {
    documentTab(title).click();
  }

  public void renameOpenDocument(String title) {
    Locator input = page.getByLabel("Document title", new Page.GetByLabelOptions().setExact(true));
    input.fill(title);
    input.press("Enter");
  }

  /** The notice above the editor: why an edit, or others' changes, were not taken (a size cap). */
  public Locator documentNotice() {
    showDocuments();
    return page.locator(".doc-notice");
  }

  /** The caret another peer shows in the open document, labelled with their name. */
  public Locator remoteCaretOf(String name) {
    return page.locator(".remote-caret[data-name=\"" + name.replace("\"", "\\\"") + "\"]");
  }

  /**
   * Escapes regex metacharacters the way JavaScript reads them: Playwright hands patterns to the
   * browser's RegExp, which does not know Java's {@code \\Q...\\E} from {@link Pattern#quote}.
   */
  static String jsQuote(String literal) {
    return literal.replaceAll("[.*+?^${}()|\\[\\]\\\\/-]", "\\\\$0");
  }

  @Override
  public void close() {
    context.close();
  }
}
