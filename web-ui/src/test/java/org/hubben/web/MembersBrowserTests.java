package org.hubben.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.web.site.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a real browser: an administrator invites someone from the members page; the invitee
 * opens the link in a browser without Hubben's cookies, chooses a username and password,
 * and lands logged in on the dashboard.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class MembersBrowserTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@Test
	void anAdministratorInvitesAndTheInviteeJoinsAndLandsLoggedIn() throws IOException {
		RegionTeam team = RegionTeam.create(this.jdbc, this.passwordEncoder, "browser", "region-admin-password");
		browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
		Files.createDirectories(Chromium.SCREENSHOTS);
		// The login form is tested elsewhere; a session made over HTTP spares the shared
		// machine a rendering of the dashboard.
		SignedInBrowser admin = SignedInBrowser.logIn(this.port, team.admin(), "region-admin-password");
		browser.get(url("/css/hubben.css"));
		browser.manage().addCookie(new Cookie("SESSION", admin.session(), "/"));

		browser.get(url("/members"));
		browser.findElement(By.cssSelector("header nav a[href='/members']")).click();
		waitUntil("the members page", () -> browser.getCurrentUrl().endsWith("/members"));
		new Select(browser.findElement(By.id("invite-role"))).selectByValue("editor");
		browser.findElement(By.id("invite-note")).sendKeys("Alma, press officer");
		browser.findElement(By.cssSelector("form#new-invitation button[type=submit]")).click();
		waitUntil("the link is shown", () -> !browser.findElements(By.id("issued-invitation-link")).isEmpty());
		String link = browser.findElement(By.id("issued-invitation-link")).getDomProperty("value");
		assertThat(link).contains("/invitations/");
		browser.findElement(By.cssSelector("#issued-invitation button.copy-link")).click();
		screenshot("members-invited");

		// A fresh browser: none of the administrator's cookies.
		browser.manage().deleteAllCookies();
		browser.get(url(URI.create(link).getPath()));
		waitUntil("the invitation page", () -> !browser.findElements(By.id("join-username")).isEmpty());
		assertThat(browser.findElement(By.id("invitation-intro")).getText()).contains(team.admin()).contains("editor");
		String username = "alma-" + UUID.randomUUID().toString().substring(0, 8);
		browser.findElement(By.id("join-username")).sendKeys(username);
		browser.findElement(By.id("join-password")).sendKeys("a good long password");
		browser.findElement(By.cssSelector("form#join button[type=submit]")).click();
		waitUntil("the dashboard, logged in", () -> browser.getCurrentUrl().equals(url("/"))
				&& !browser.findElements(By.cssSelector("header nav form.logout")).isEmpty());
		assertThat(browser.findElements(By.cssSelector("header nav a[href='/members']"))).as("an editor's header")
			.isEmpty();
		screenshot("members-joined");
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
		Chromium.waitUntil(browser, PATIENCE, what, condition);
	}

	private static void screenshot(String name) throws IOException {
		Files.write(Chromium.SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
	}

}
