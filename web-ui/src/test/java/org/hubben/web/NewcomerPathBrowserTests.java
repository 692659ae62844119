package org.hubben.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.Fault;
import org.hubben.web.site.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's path in a real browser, from the first login to a published post: a new
 * organisation with one member and no channels. The dashboard says where to start; the
 * member connects an X account through the platform's consent page and confirms its name;
 * composes a post with the keyboard alone (the draft is saved as they type), sees the
 * preview and publishes it now; watches the delivery go out without reloading (X, down
 * for a moment, first says why it tries again); and finds it in the emulator's feed.
 * Every form control of the compose, calendar and channels pages has a label. A
 * screenshot of each step goes to {@code target/screenshots/} ({@code newcomer-*.png}).
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class NewcomerPathBrowserTests {

	private static final Path SCREENSHOTS = Chromium.SCREENSHOTS;

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String PASSWORD = "newcomer-password";

	/**
	 * How long a page may take to load before it is loaded again: Reactor Netty 1.3.6 can
	 * stop reading a kept-alive connection (reactor/reactor-netty#4361, see
	 * {@link TestClients}), and Chromium would wait for that request for minutes.
	 */
	private static final Duration PAGE_LOAD = Duration.ofSeconds(20);

	/**
	 * Form controls a person can reach that nothing names: a label, aria-label or
	 * aria-labelledby.
	 */
	private static final String UNLABELLED = """
			return Array.prototype.filter.call(document.querySelectorAll('input, select, textarea'), function (control) {
				if (control.type === 'hidden' || control.getAttribute('aria-hidden') === 'true') {
					return false;
				}
				var labelledBy = (control.getAttribute('aria-labelledby') || '').split(/\\s+/)
					.filter(function (id) { return id && document.getElementById(id)
						&& document.getElementById(id).textContent.trim(); });
				var named = (control.getAttribute('aria-label') || '').trim() || labelledBy.length
					|| Array.prototype.some.call(control.labels || [], function (label) { return label.textContent.trim(); });
				return !named;
			}).map(function (control) { return control.outerHTML.substring(0, 160); });
			""";

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@AfterEach
	void clearFaults() {
		this.emulators.forEach((emulator) -> emulator.faults().clear());
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@Test
	void aNewMemberConnectsAChannelComposesWithTheKeyboardAndWatchesThePostGoOut() throws IOException {
		RegionTeam team = RegionTeam.create(this.jdbc, this.passwordEncoder, "newcomer", PASSWORD);
		String organisation = this.jdbc.sql("select name from organisation where id = ?")
			.param(team.organisationId())
			.query(String.class)
			.single();
		browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
		Files.createDirectories(SCREENSHOTS);
		browser.manage().window().setSize(new Dimension(1280, 900));

		browser.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
		// First login: the dashboard says where to start.
		loaded(() -> browser.get(url("/login")));
		browser.findElement(By.id("username")).sendKeys(team.admin());
		loaded(() -> browser.findElement(By.id("password")).sendKeys(PASSWORD, Keys.ENTER));
		waitUntil("the dashboard", () -> browser.getCurrentUrl().equals(url("/")));
		WebElement start = browser.findElement(By.id("start-here"));
		assertThat(start.findElement(By.tagName("h2")).getText()).isEqualTo("Start here");
		assertThat(start.findElements(By.cssSelector("ol li a"))).extracting(WebElement::getText)
			.containsExactly("Connect a channel", "Compose a post");
		screenshot("newcomer-1-dashboard");

		// The channels page: connect X through its consent page, confirm the account.
		loaded(() -> browser.findElement(By.id("start-channels")).click());
		waitUntil("the channels page", () -> browser.getCurrentUrl().equals(url("/channels")));
		assertThat(browser.findElement(By.id("main")).getText()).contains(organisation + " has no channels yet.");
		assertLabelled("channels");
		screenshot("newcomer-2-channels-empty");
		loaded(() -> button("Connect an X account").click());
		waitUntil("X's consent page", () -> browser.getCurrentUrl().contains("/emulator/x/"));
		screenshot("newcomer-3-x-consent");
		loaded(() -> browser.findElement(By.cssSelector("button[name=decision][value=allow]")).click());
		waitUntil("the confirmation", () -> browser.getCurrentUrl().contains("/channels/"));
		assertThat(browser.findElement(By.tagName("h1")).getText())
			.isEqualTo("Connect the X account «@hubben_demo» to " + organisation + "?");
		assertThat(browser.findElements(By.cssSelector("fieldset .check label"))).extracting(WebElement::getText)
			.containsExactly("@hubben_demo");
		screenshot("newcomer-4-confirm");
		loaded(() -> button("Connect").click());
		waitUntil("the channels page with the new channel", () -> browser.getCurrentUrl().startsWith(url("/channels"))
				&& !browser.findElements(By.cssSelector("table.channels tbody tr")).isEmpty());
		assertThat(browser.findElement(By.cssSelector("main [role=status]")).getText())
			.contains("Connected the X account «@hubben_demo»");
		WebElement row = browser.findElement(By.cssSelector("table.channels tbody tr"));
		assertThat(row.getText()).contains("X", "@hubben_demo", "connected");
		assertLabelled("channels");
		screenshot("newcomer-5-channels");

		// Compose with the keyboard alone; the draft is saved as they type.
		loaded(() -> browser.get(url("/")));
		assertThat(browser.findElements(By.id("start-here"))).as("a channel is connected").isEmpty();
		loaded(() -> browser.findElement(By.cssSelector("a.button[href='/posts/new']")).click());
		waitUntil("the compose page", () -> browser.getCurrentUrl().equals(url("/posts/new")));
		waitUntil("the previews are ready",
				() -> "true".equals(browser.findElement(By.id("previews")).getDomAttribute("data-ready")));
		assertLabelled("compose");
		// Letters only: a figure in the text would put it on the fact checklist.
		String marker = "First post " + UUID.randomUUID()
			.toString()
			.substring(0, 8)
			.chars()
			.mapToObj((c) -> String.valueOf((char) ('a' + Character.digit(c, 16))))
			.reduce("", String::concat);
		// From the top of the page: the skip link, the header's links, then the form.
		browser.executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
		tabTo("#title");
		keys("Hello from the region");
		tabTo("#editor");
		keys(marker + ": we are on X now.");
		WebElement status = browser.findElement(By.id("autosave-status"));
		assertThat(status.getDomAttribute("aria-live")).isEqualTo("polite");
		waitUntil("the draft is saved", () -> status.getText().startsWith("Saved "));
		assertThat(status.getText()).matches("Saved \\d\\d:\\d\\d");
		String draftUrl = browser.getCurrentUrl();
		assertThat(draftUrl).as("the page became the draft's").matches(".*/posts/[0-9a-f-]{36}/edit");
		String draftId = draftUrl.replaceAll(".*/posts/([0-9a-f-]{36})/edit", "$1");
		assertThat(this.jdbc.sql("select title from post where id = ? and organisation_id = ?")
			.params(UUID.fromString(draftId), team.organisationId())
			.query(String.class)
			.single()).isEqualTo("Hello from the region");
		tabTo("fieldset.channels input[type=checkbox]");
		keys(" ");
		assertThat(browser.findElement(By.cssSelector("fieldset.channels input[type=checkbox]")).isSelected()).isTrue();
		assertThat(browser.findElement(By.id("when-now")).isSelected()).as("Publish now").isTrue();
		waitUntil("the X preview shows the text",
				() -> browser.findElement(By.cssSelector(".preview-x .variant-text")).getText().contains(marker));
		assertThat(browser.findElement(By.cssSelector(".preview-x .x-handle")).getText()).isEqualTo("@hubben_demo");
		screenshot("newcomer-6-composer");
		// X is down for a moment: the page, however slow to open on a busy machine, is
		// seen
		// before the post is out, and then follows it to SENT.
		emulator(Platform.X).faults().inject(Fault.SERVER_ERROR, 1);
		tabTo("form.compose-form button[type=submit][value=publish]");
		loaded(() -> keys(Keys.ENTER));

		// The publication page: the delivery goes out, seen without reloading.
		waitUntil("the publication page", () -> browser.getCurrentUrl().contains("/publications/"));
		browser.executeScript("window.sameDocument = true;");
		String publication = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
		Map<?, ?> scheduled = TestClients.anonymous(this.port)
			.get()
			.uri("/api/publications/{id}", publication)
			.headers((headers) -> headers.setBasicAuth(team.admin(), PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(scheduled.get("postId")).as("the saved draft was published").isEqualTo(draftId);
		waitUntil("X says why it tries again", () -> state().equals("RETRYING"));
		assertThat(browser.findElement(By.cssSelector("table.deliveries td.outcome")).getText())
			.contains("Nothing was sent; attempt 2 of 5 at");
		// The first retry waits 30 s and up to half as long again.
		Chromium.waitUntil(browser, Duration.ofSeconds(90), "X is sent", () -> state().equals("SENT"));
		assertThat(browser.executeScript("return window.sameDocument === true;")).as("never reloaded").isEqualTo(true);
		screenshot("newcomer-7-live-status");

		// The emulator's feed shows what X received.
		loaded(() -> browser.get(url("/emulator-feed")));
		assertThat(browser.findElement(By.id("feed-x")).getText()).contains(marker);
		screenshot("newcomer-8-emulator-feed");

		loaded(() -> browser.get(url("/calendar")));
		assertThat(browser.findElement(By.id("main")).getText()).contains("Hello from the region");
		assertLabelled("calendar");
		screenshot("newcomer-9-calendar");
	}

	/**
	 * Runs what opens a page; when the page does not load in time (a stalled connection),
	 * loads it again, as a person would.
	 */
	private static void loaded(Runnable navigation) {
		try {
			navigation.run();
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			for (int attempt = 1;; attempt++) {
				try {
					browser.navigate().refresh();
					return;
				}
				catch (org.openqa.selenium.TimeoutException again) {
					if (attempt == 3) {
						throw again;
					}
				}
			}
		}
	}

	/** Presses Tab until the focus is on the first element matching {@code selector}. */
	private static void tabTo(String selector) {
		for (int presses = 0; presses < 80; presses++) {
			Boolean there = (Boolean) browser
				.executeScript("return document.activeElement === document.querySelector(arguments[0]);", selector);
			if (Boolean.TRUE.equals(there)) {
				return;
			}
			keys(Keys.TAB);
		}
		throw new AssertionError("Tab never reached " + selector + "; the focus is on "
				+ browser.executeScript("return document.activeElement.outerHTML.substring(0, 160);"));
	}

	private static void keys(CharSequence... keys) {
		new Actions(browser).sendKeys(keys).perform();
	}

	private static void assertLabelled(String page) {
		assertThat((List<?>) browser.executeScript(UNLABELLED)).as("unlabelled form controls on the %s page", page)
			.isEmpty();
	}

	private static WebElement button(String text) {
		return browser.findElements(By.cssSelector("main button"))
			.stream()
			.filter((button) -> button.getText().equals(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No button " + text));
	}

	private static String state() {
		return browser.findElement(By.cssSelector("table.deliveries tbody tr td.state")).getText();
	}

	private Emulator emulator(Platform platform) {
		return this.emulators.stream().filter((emulator) -> emulator.platform() == platform).findFirst().orElseThrow();
	}

	private static void screenshot(String name) throws IOException {
		Long height = (Long) browser.executeScript("return document.documentElement.scrollHeight;");
		browser.manage().window().setSize(new Dimension(1280, (int) Math.min(Math.max(height, 900), 6000)));
		browser.executeScript("window.scrollTo(0, 0);");
		Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
		browser.manage().window().setSize(new Dimension(1280, 900));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static void waitUntil(String what, BooleanSupplier condition) {
		Chromium.waitUntil(browser, PATIENCE, what, condition);
	}

}
