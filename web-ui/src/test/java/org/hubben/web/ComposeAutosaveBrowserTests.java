package org.hubben.web;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.web.site.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose page saving its draft as the person types, in a real browser: a save the
 * server refuses says why and keeps what was typed, the next change saves it; leaving the
 * page at once still saves what was typed, once.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class ComposeAutosaveBrowserTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void start() throws IOException {
		if (browser == null) {
			browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
			// A stalled kept-alive connection (see NewcomerPathBrowserTests) fails fast.
			browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			SignedInBrowser session = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
			browser.get(url("/css/hubben.css"));
			browser.manage().addCookie(new Cookie("SESSION", session.session(), "/"));
		}
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@Test
	void saysWhyADraftWasNotSavedKeepsWhatWasTypedAndSavesItOnTheNextChange() {
		String title = "Autosave " + UUID.randomUUID();
		openComposePage();
		// The link first: every save the page sends carries it.
		WebElement link = browser.findElement(By.id("link"));
		link.sendKeys("htt");
		browser.findElement(By.id("title")).sendKeys(title);
		WebElement status = browser.findElement(By.id("autosave-status"));
		waitUntil("the page says why it was not saved", () -> status.getText().startsWith("Not saved: "));
		assertThat(status.getText()).isEqualTo("Not saved: A link must start with http:// or https://");
		assertThat(browser.findElement(By.id("title")).getDomProperty("value")).isEqualTo(title);
		assertThat(link.getDomProperty("value")).isEqualTo("htt");
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/posts/new"));
		assertThat(posts(title)).isEmpty();

		link.sendKeys("ps://example.org/autosave");
		waitUntil("the draft is saved", () -> status.getText().startsWith("Saved "));
		assertThat(browser.getCurrentUrl()).matches(".*/posts/[0-9a-f-]{36}/edit");
		assertThat(posts(title)).singleElement()
			.satisfies((post) -> assertThat(post.get("link")).isEqualTo("https://example.org/autosave"));
		assertThat(browser.findElement(By.id("compose-form")).getDomAttribute("action"))
			.as("the form now schedules the saved draft")
			.isEqualTo("/posts/" + posts(title).get(0).get("id"));
	}

	@Test
	void savesWhatWasTypedOnceWhenThePersonLeavesThePageAtOnce() {
		String title = "Leaving " + UUID.randomUUID();
		openComposePage();
		browser.findElement(By.id("title")).sendKeys(title);
		WebElement editor = browser.findElement(By.id("editor"));
		editor.click();
		editor.sendKeys("Typed just before leaving");
		browser.get(url("/css/hubben.css"));
		waitUntil("the draft is saved as the page goes",
				() -> posts(title).size() == 1 && "Typed just before leaving".equals(posts(title).get(0).get("text")));
		assertThat(posts(title)).hasSize(1);
	}

	private void openComposePage() {
		browser.get(url("/posts/new"));
		waitUntil("the previews are ready",
				() -> "true".equals(browser.findElement(By.id("previews")).getDomAttribute("data-ready")));
	}

	private List<Map<String, Object>> posts(String title) {
		return this.jdbc.sql("select id, title, body as text, link from post where title = ?")
			.param(title)
			.query()
			.listOfRows()
			.stream()
			.map((row) -> {
				Map<String, Object> post = new java.util.HashMap<>();
				row.forEach((column, value) -> post.put(column.toLowerCase(java.util.Locale.ROOT),
						(value != null) ? value.toString() : null));
				return post;
			})
			.toList();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static void waitUntil(String what, BooleanSupplier condition) {
		Chromium.waitUntil(browser, PATIENCE, what, condition);
	}

}
