package org.hubben.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.Role;
import org.hubben.web.site.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared library end to end in a real browser: a region editor adopts a centre post
 * with their own link, localises its text, is warned that X would refuse its X text,
 * picks a variation, and publishes on the region's X channel, which the X emulator
 * receives; the centre then corrects its post, and the region sees what changed.
 * Screenshots go to {@code target/screenshots/}.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class LibraryBrowserTests {

	private static final String PASSWORD = "library-browser-password";

	/** Generous: the build machine is shared, and the checks wait for typing to stop. */
	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	ChannelRegistrar registrar;

	@Autowired
	EmulatorTokens emulatorTokens;

	@Autowired
	List<Emulator> emulators;

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@Test
	void aRegionEditorAdoptsLocalisesVariesForXPublishesAndSeesTheCentresCorrection() throws IOException {
		String marker = "Lund" + letters();
		RegionTeam region = RegionTeam.create(this.jdbc, this.passwordEncoder, "librarybrowser", PASSWORD);
		String editor = "editor-" + letters().toLowerCase();
		this.jdbc
			.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), region.organisationId(), editor, this.passwordEncoder.encode(PASSWORD),
					Role.EDITOR.name(), Timestamp.from(Instant.now()))
			.update();
		UUID channel = LibraryIntegrationTests.xChannel(this.jdbc, this.registrar, this.emulatorTokens, region);
		String text = marker + " kommer alla att kunna rösta tidigt i år. Vallokalerna öppnar redan på lördag, "
				+ "och du kan rösta i vilken vallokal du vill i hela landet. Ta med legitimation och ditt röstkort, "
				+ "eller be om ett nytt i vallokalen om du har tappat bort det. Har du frågor om hur det går till "
				+ "svarar valnämnden i din kommun gärna på dem.";
		Map<?, ?> origin = TestClients.admin(this.port)
			.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Förtidsröstning " + marker, "text", text, "link",
					"https://centre.example.org/fortidsrostning", "shared", true))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Object originId = origin.get("id");

		browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
		Files.createDirectories(Chromium.SCREENSHOTS);
		browser.manage().window().setSize(new Dimension(1280, 900));
		browser.get(url("/login"));
		browser.findElement(By.id("username")).sendKeys(editor);
		browser.findElement(By.id("password")).sendKeys(PASSWORD);
		// Submitted without waiting for the next page to load: the waits below poll for
		// it.
		browser.executeScript("document.getElementById('password').form.submit();");
		waitUntil("logged in", () -> !browser.getCurrentUrl().contains("/login")
				&& !browser.findElements(By.linkText("Library")).isEmpty());

		click(browser.findElement(By.linkText("Library")));
		waitUntil("the library shows the centre's post",
				() -> !browser.findElements(By.id("shared-" + originId)).isEmpty());
		WebElement shared = browser.findElement(By.id("shared-" + originId));
		assertThat(shared.findElement(By.tagName("h2")).getText()).isEqualTo("Förtidsröstning " + marker);
		shared.findElement(By.id("link-own-" + originId)).click();
		shared.findElement(By.id("own-link-" + originId)).sendKeys("https://lund.example.org/fortidsrostning");
		screenshot("library");
		click(shared.findElement(By.cssSelector("button.adopt")));

		waitUntil("the adopted post opens in the edit page",
				() -> browser.getCurrentUrl().contains("/edit") && !browser.findElements(By.id("x-duplicate")).isEmpty()
						&& !browser.findElements(By.id("editor")).isEmpty());
		assertThat(browser.findElement(By.id("origin-note")).getText())
			.startsWith("Adopted from Förtidsröstning " + marker);
		assertThat(browser.findElement(By.id("link")).getDomProperty("value"))
			.isEqualTo("https://lund.example.org/fortidsrostning");
		WebElement textEditor = browser.findElement(By.id("editor"));
		waitUntil("the editor holds the centre's text", () -> textEditor.getText().startsWith(marker));
		textEditor.click();
		textEditor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), " Vi ses vid torget i Lund!");
		waitUntil("the warning that X would refuse the text",
				() -> browser.findElement(By.id("x-duplicate")).isDisplayed());
		assertThat(browser.findElement(By.cssSelector("#x-duplicate .x-duplicate-reason")).getText())
			.startsWith("X refuses the same text from several accounts")
			.contains("the original post of");
		List<WebElement> suggestions = browser.findElements(By.cssSelector("#x-duplicate .x-suggestions li"));
		assertThat(suggestions).hasSize(3);
		screenshot("library-x-warning");
		// Read and clicked in one step: a later answer of the check may draw the list
		// again.
		String chosen = (String) browser
			.executeScript("var item = document.querySelector('#x-duplicate .x-suggestions li');"
					+ "var text = item.querySelector('.x-suggestion-text').textContent;"
					+ "item.querySelector('.x-use').click(); return text;");
		waitUntil("the warning goes once the X text differs",
				() -> !browser.findElement(By.id("x-duplicate")).isDisplayed());
		assertThat(browser.findElement(By.id("variant-x-text")).getDomProperty("value")).isEqualTo(chosen);

		browser.findElement(By.id("channel-" + channel)).click();
		click(browser.findElement(By.cssSelector("button[name=save][value=publish]")));
		waitUntil("the X emulator receives the region's variation", () -> !received(chosen).isEmpty());
		assertThat(received(chosen)).singleElement()
			.satisfies((post) -> assertThat(post.text()).contains("https://lund.example.org/fortidsrostning"));

		TestClients.admin(this.port)
			.put()
			.uri("/api/posts/{id}", originId)
			.bodyValue(Map.of("title", "Förtidsröstning " + marker, "text", text.replace("på lördag", "på onsdag"),
					"link", "https://centre.example.org/fortidsrostning", "shared", true))
			.exchange()
			.expectStatus()
			.isOk();
		browser.executeScript("var to = arguments[0]; setTimeout(function () { window.location.href = to; }, 0);",
				url("/library"));
		waitUntil("the library shows the centre's change",
				() -> browser.findElements(By.cssSelector("#shared-" + originId + " .origin-changes")).size() == 1);
		WebElement changed = browser.findElement(By.id("shared-" + originId));
		WebElement changes = changed.findElement(By.cssSelector(".origin-changes"));
		assertThat(changes.findElement(By.tagName("h2")).getText()).isEqualTo("The centre changed this post");
		assertThat(changes.findElement(By.cssSelector("dd.diff del")).getText()).isEqualTo("lördag,");
		assertThat(changes.findElement(By.cssSelector("dd.diff ins")).getText()).isEqualTo("onsdag,");
		screenshot("library-centre-changed");
		click(changes.findElement(By.cssSelector("button.take-change")));
		waitUntil("the reason the change cannot be taken",
				() -> !browser.findElements(By.id("take-refused")).isEmpty());
		assertThat(browser.findElement(By.id("take-refused")).getText()).contains("has gone out").contains("X (sent)");
		click(browser.findElement(By.id("shared-" + originId)).findElement(By.cssSelector("button.keep-mine")));
		waitUntil("the change is no longer offered",
				() -> browser.getCurrentUrl().endsWith("/library?origin=kept")
						&& !browser.findElements(By.id("shared-" + originId)).isEmpty()
						&& browser.findElements(By.cssSelector("#shared-" + originId + " .origin-changes")).isEmpty());
		screenshot("library-kept");
	}

	/**
	 * Clicks without waiting for the page it leads to: the waits that follow poll for
	 * what they need, with patience for a loaded machine.
	 */
	private static void click(WebElement element) {
		browser.executeScript("var element = arguments[0]; setTimeout(function () { element.click(); }, 0);", element);
	}

	private List<ReceivedPost> received(String text) {
		String start = text.substring(0, Math.min(40, text.length()));
		return this.emulators.stream()
			.filter((emulator) -> emulator.platform() == Platform.X)
			.flatMap((emulator) -> emulator.received().stream())
			.filter((post) -> post.text() != null && post.text().startsWith(start))
			.toList();
	}

	private static String letters() {
		StringBuilder letters = new StringBuilder();
		for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 10).toCharArray()) {
			letters.append((char) ('a' + Character.digit(c, 16)));
		}
		return Character.toUpperCase(letters.charAt(0)) + letters.substring(1);
	}

	private void screenshot(String name) throws IOException {
		Long height = (Long) browser.executeScript("return document.documentElement.scrollHeight;");
		browser.manage().window().setSize(new Dimension(1280, (int) Math.min(Math.max(height, 900), 6000)));
		browser.executeScript("window.scrollTo(0, 0);");
		Path file = Chromium.SCREENSHOTS.resolve(name + ".png");
		Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
		browser.manage().window().setSize(new Dimension(1280, 900));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static void waitUntil(String what, BooleanSupplier condition) {
		Chromium.waitUntil(browser, PATIENCE, what, condition);
	}

}
