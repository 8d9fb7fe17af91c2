package io.peerhub.e2e.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Peerhub speaks the language the browser prefers (issue 17, part 6): a browser that prefers
 * German gets the landing page and the room in German, with {@code <html lang="de">}; one that
 * prefers English gets the English words the other stories rely on.
 */
class SpeaksYourLanguageStoryTest extends BrowserStory {

  @Test
  void a_browser_that_prefers_german_sees_the_landing_page_and_the_room_in_german() {
    try (BrowserContext context = localized(browser, "de-DE")) {
      Page page = context.newPage();
      page.navigate(server.baseUrl() + "/");
      assertThat(page.locator("html")).hasAttribute("lang", "de");
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Raum starten"))).isVisible();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Beitreten"))).isVisible();
      assertThat(page.getByLabel("Raum-Link")).isVisible();

      page.getByLabel("Raum-Link").fill("https://example.org/nothing-here");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Beitreten")).click();
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("Das sieht nicht nach einem Peerhub-Raum-Link aus.");

      page.navigate(newRoomUrl());
      assertThat(page.locator("html")).hasAttribute("lang", "de");
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Link kopieren"))).isVisible();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("An alle senden"))).isVisible();
      assertThat(page.getByLabel("Dein Name")).isEditable();
      assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Verbunden"))).isVisible();
      assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("QR-Code mit dem Link zu diesem Raum"))).isVisible();
      assertThat(page).hasTitle(Pattern.compile("^Raum \\S+ · Peerhub$"));

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Link kopieren")).click();
      assertThat(page.locator("#toasts")).containsText("Link kopiert.");
    }
  }

  @Test
  void a_browser_that_prefers_english_keeps_the_english_words() {
    try (BrowserContext context = localized(browser, "en-US")) {
      Page page = context.newPage();
      page.navigate(server.baseUrl() + "/");
      assertThat(page.locator("html")).hasAttribute("lang", "en");
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Start a room"))).isVisible();

      page.navigate(newRoomUrl());
      assertThat(page.locator("html")).hasAttribute("lang", "en");
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy link"))).isVisible();
      assertThat(page.getByLabel("Your name")).isEditable();
      assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Connected"))).isVisible();
      assertThat(page).hasTitle(Pattern.compile("^Room \\S+ · Peerhub$"));
    }
  }

  /** A fresh profile whose Accept-Language and navigator.languages put {@code locale} first. */
  private static BrowserContext localized(Browser browser, String locale) {
    return browser.newContext(new Browser.NewContextOptions().setLocale(locale));
  }
}
