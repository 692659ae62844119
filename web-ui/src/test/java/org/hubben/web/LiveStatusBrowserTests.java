package org.hubben.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.junit.jupiter.api.BeforeEach;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live delivery status in a real browser: a person composes a post, publishes it now
 * on X and Facebook, and watches the publication page change without reloading: Facebook
 * (slow today) goes from sending to sent with a link to the post, X (down for a moment)
 * shows why it will try again; a cancellation made elsewhere reaches the page too.
 * Screenshots of the publication page, the dashboard and the channels page go to
 * {@code target/screenshots/}.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class LiveStatusBrowserTests {

	private static final Path SCREENSHOTS = Chromium.SCREENSHOTS;

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@BeforeEach
	void start() throws IOException {
		if (browser == null) {
			browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
			Files.createDirectories(SCREENSHOTS);
			browser.get(url("/login"));
			browser.findElement(By.id("username")).sendKeys(TestClients.ADMIN);
			browser.findElement(By.id("password")).sendKeys(TestClients.ADMIN_PASSWORD, Keys.ENTER);
			waitUntil("logged in", () -> !browser.getCurrentUrl().contains("/login"));
		}
		browser.manage().window().setSize(new Dimension(1280, 900));
	}

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
	void showsEachDeliveryChangeAsItHappensWithoutReloading() throws IOException {
		emulator(Platform.FACEBOOK).faults().latency(Duration.ofSeconds(2));
		emulator(Platform.X).faults().inject(Fault.SERVER_ERROR, 1);
		String marker = "Live " + UUID.randomUUID();

		browser.get(url("/posts/new"));
		browser.findElement(By.id("title")).sendKeys("Schools open on Monday");
		WebElement editor = browser.findElement(By.id("editor"));
		editor.click();
		editor.sendKeys(marker + ": what changes for families.");
		channel("@hubben_demo").click();
		channel("Hubben Demo (Facebook Page)").click();
		browser.findElement(By.cssSelector("form.compose-form button[type=submit]")).click();
		waitUntil("the publication page", () -> browser.getCurrentUrl().contains("/publications/"));
		String publication = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
		// A reload would lose this.
		browser.executeScript("window.sameDocument = true;");

		waitUntil("Facebook is seen being sent", () -> state("Facebook").equals("SENDING"));
		waitUntil("Facebook is sent", () -> state("Facebook").equals("SENT"));
		WebElement facebook = row("Facebook");
		assertThat(facebook.findElement(By.cssSelector("td.outcome a")).getText()).startsWith("View post ");
		assertThat(facebook.findElement(By.cssSelector("td.outcome a")).getDomAttribute("href")).contains("facebook");
		assertThat(facebook.findElement(By.cssSelector("td.state .badge")).getDomAttribute("class"))
			.isEqualTo("badge state-sent");
		waitUntil("X says why it tries again", () -> state("X").equals("RETRYING"));
		WebElement x = row("X");
		assertThat(x.findElement(By.cssSelector("td.outcome .error")).getText()).startsWith("X")
			.contains("Nothing was sent; attempt 2 of 5 at");
		assertThat(x.findElement(By.cssSelector("td.outcome .next-attempt")).getText()).startsWith("Next attempt ")
			.endsWith("(Europe/Stockholm)");
		assertThat(x.findElement(By.cssSelector("td.attempts")).getText()).isEqualTo("1");
		assertThat(browser.findElement(By.id("live-status")).getDomAttribute("aria-live")).isEqualTo("polite");
		waitUntil("screen readers hear the latest change",
				() -> browser.findElement(By.id("live-status")).getDomProperty("textContent").contains(": "));
		assertThat(browser.findElement(By.id("retry")).isDisplayed()).as("nothing failed").isFalse();
		assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isTrue();
		assertThat(browser.executeScript("return window.sameDocument === true;")).as("never reloaded").isEqualTo(true);
		screenshot("publication-live-status");

		// Cancelled elsewhere (another tab, the API): the page learns it from the
		// database.
		TestClients.admin(this.port)
			.delete()
			.uri("/api/publications/{id}", publication)
			.exchange()
			.expectStatus()
			.isOk();
		waitUntil("X is cancelled on the page", () -> state("X").equals("CANCELLED"));
		waitUntil("the page says it is finished",
				() -> browser.findElement(By.id("progress")).getText().startsWith("Finished"));
		assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
		assertThat(browser.executeScript("return window.sameDocument === true;")).isEqualTo(true);

		browser.get(url("/"));
		assertThat(browser.findElement(By.id("attention-heading")).getText()).isEqualTo("Needs attention");
		screenshot("dashboard-needs-attention");
		browser.get(url("/channels"));
		assertThat(browser.findElements(By.cssSelector("table.channels td.limit"))).isNotEmpty();
		screenshot("channels");
	}

	private static WebElement channel(String name) {
		return browser.findElements(By.cssSelector("fieldset.channels .check label"))
			.stream()
			.filter((label) -> label.getText().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No channel " + name));
	}

	private static WebElement row(String platform) {
		return browser.findElements(By.cssSelector("table.deliveries tbody tr"))
			.stream()
			.filter((row) -> row.findElement(By.cssSelector("td.platform")).getText().equals(platform))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No delivery to " + platform));
	}

	private static String state(String platform) {
		return row(platform).findElement(By.cssSelector("td.state")).getText();
	}

	private Emulator emulator(Platform platform) {
		return this.emulators.stream().filter((emulator) -> emulator.platform() == platform).findFirst().orElseThrow();
	}

	private void screenshot(String name) throws IOException {
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
