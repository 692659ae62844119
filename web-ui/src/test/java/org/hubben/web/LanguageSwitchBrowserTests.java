package org.hubben.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.hubben.HubbenIntegrationTest;
import org.hubben.web.site.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member of an English browser switches the header to Svenska and back, and every page
 * follows the choice. A screenshot of the Swedish dashboard goes to
 * {@code target/screenshots/language-sv.png}.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class LanguageSwitchBrowserTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final String PASSWORD = "language-browser-password";

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@BeforeEach
	void start() throws IOException {
		if (browser == null) {
			browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
			Files.createDirectories(Chromium.SCREENSHOTS);
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
	void switchesTheNavigationToSwedishFromTheHeaderAndBack() throws IOException {
		// A member of their own, so that their choice reaches no other test's pages.
		RegionTeam team = RegionTeam.create(this.jdbc, this.passwordEncoder, "switch", PASSWORD);
		SignedInBrowser session = SignedInBrowser.logIn(this.port, team.admin(), PASSWORD);
		browser.get(url("/css/hubben.css"));
		browser.manage().addCookie(new Cookie("SESSION", session.session(), "/"));

		browser.get(url("/calendar?view=week"));
		assertThat(navigation("/calendar").getText()).isEqualTo("Calendar");
		assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");

		browser.findElement(By.cssSelector("form.language-switch button[value=sv]")).click();
		waitUntil("the page is Swedish", () -> "sv".equals(language()));
		assertThat(browser.getCurrentUrl()).as("back on the page it was switched on").endsWith("/calendar?view=week");
		assertThat(navigation("/calendar").getText()).isEqualTo("Kalender");
		assertThat(navigation("/channels").getText()).isEqualTo("Kanaler");
		assertThat(browser.findElement(By.cssSelector("main h1")).getText()).startsWith("Kalender");

		browser.get(url("/"));
		assertThat(browser.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Översikt");
		assertThat(navigation("/posts/new").getText()).isEqualTo("Skriv inlägg");
		Files.write(Chromium.SCREENSHOTS.resolve("language-sv.png"), browser.getScreenshotAs(OutputType.BYTES));

		browser.findElement(By.cssSelector("form.language-switch button[value=en]")).click();
		waitUntil("the page is English again", () -> "en".equals(language()));
		assertThat(browser.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Dashboard");
	}

	/** The page's language; none while the browser is between two pages. */
	private static String language() {
		try {
			return browser.findElement(By.tagName("html")).getDomAttribute("lang");
		}
		catch (WebDriverException ex) {
			return null;
		}
	}

	private static WebElement navigation(String href) {
		return browser.findElement(By.cssSelector("header nav a[href='" + href + "']"));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static void waitUntil(String what, BooleanSupplier condition) {
		Chromium.waitUntil(browser, PATIENCE, what, condition);
	}

}
