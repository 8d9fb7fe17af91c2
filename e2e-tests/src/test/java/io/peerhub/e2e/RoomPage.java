package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
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
        .setName(Pattern.compile("^" + jsQuote(name) + " \\(")));
  }

  public void shouldSeeConnected(String name) {
    assertThat(avatarOf(name)).hasAccessibleName(
        Pattern.compile("^" + jsQuote(name) + " \\(connected"),
        new com.microsoft.playwright.assertions.LocatorAssertions.HasAccessibleNameOptions()
            .setTimeout(20_000));
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
