package org.hubben.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.web.site.Chromium;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval flow end to end in Chromium, in a region of its own that requires
 * approval: an editor composes and submits a post, an approver sends it back with a
 * comment, the editor revises it and submits it again, the approver approves it, the X
 * emulator receives it, and the administrator's audit log lists every step. Screenshots
 * go to {@code target/screenshots/approval-*.png}.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class ApprovalBrowserTests {

	private static final Path SCREENSHOTS = Chromium.SCREENSHOTS;

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

	@BeforeEach
	void start() throws IOException {
		if (browser == null) {
			browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
			Files.createDirectories(SCREENSHOTS);
		}
		browser.manage().window().setSize(new Dimension(1280, 900));
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@Test
	void anEditorSubmitsAnApproverSendsBackTheEditorRevisesAndTheApprovedPostGoesOut() throws IOException {
		ApprovalTeam team = ApprovalTeam.create(this.jdbc, this.passwordEncoder, this.registrar, this.emulatorTokens,
				"browser");
		// Letters only: figures would make the fact checklist ask for checking.
		String marker = UUID.randomUUID().toString().replaceAll("[^a-f]", "").toUpperCase(Locale.ROOT).concat("Q");
		String title = "Torgmöte " + marker;

		logIn(team.editor(), "/posts/new");
		assertThat(browser.findElement(By.id("approval-required")).getText()).contains("requires approval");
		assertThat(browser.findElements(By.cssSelector("button[name=save][value=publish]"))).hasSize(1);
		browser.findElement(By.id("title")).sendKeys(title);
		WebElement editor = browser.findElement(By.id("editor"));
		editor.click();
		editor.sendKeys("Kom till torget i kväll " + marker);
		browser.findElement(By.id("channel-" + team.xChannel())).click();
		screenshot("approval-1-compose");
		browser.findElement(By.id("submit-for-approval")).click();
		waitUntil("the submission is confirmed", () -> !browser.findElements(By.id("submitted")).isEmpty());
		assertThat(this.jdbc.sql("select count(*) from publication p join post o on o.id = p.post_id where o.title = ?")
			.param(title)
			.query(Integer.class)
			.single()).as("nothing scheduled while submitted").isZero();
		logOut();

		logIn(team.approver(), "/channels");
		assertThat(browser.findElement(By.id("approvals-waiting")).getText()).isEqualTo("1");
		browser.findElement(By.id("nav-approvals")).click();
		waitUntil("the queue shows the post",
				() -> browser.findElements(By.cssSelector("#queue article h3"))
					.stream()
					.anyMatch((heading) -> heading.getText().equals(title)));
		WebElement queued = browser.findElement(By.cssSelector("#queue article"));
		assertThat(queued.findElement(By.cssSelector(".preview-text")).getText()).contains(marker);
		screenshot("approval-2-queue");
		queued.findElement(By.cssSelector("form.return-form button")).click();
		waitUntil("the missing comment is shown beside the field",
				() -> !browser.findElements(By.cssSelector("[id^=comment-error-]")).isEmpty());
		browser.findElement(By.cssSelector("#queue form.return-form textarea")).sendKeys("Säg vilken tid mötet börjar");
		browser.findElement(By.cssSelector("#queue form.return-form button")).click();
		waitUntil("the queue is empty", () -> browser.findElements(By.cssSelector("#queue article")).isEmpty());
		logOut();

		logIn(team.editor(), "/approvals");
		WebElement mine = browser.findElement(By.cssSelector("#mine tbody tr"));
		assertThat(mine.getAttribute("data-state")).isEqualTo("RETURNED");
		assertThat(mine.findElement(By.cssSelector("td.comment")).getText()).isEqualTo("Säg vilken tid mötet börjar");
		mine.findElement(By.cssSelector("td a")).click();
		waitUntil("the edit page shows the comment",
				() -> !browser.findElements(By.id("submission-comment")).isEmpty());
		assertThat(browser.findElement(By.id("submission-comment")).getText()).isEqualTo("Säg vilken tid mötet börjar");
		screenshot("approval-3-returned");
		WebElement revise = browser.findElement(By.id("editor"));
		revise.click();
		revise.sendKeys(Keys.END, " efter middagen");
		browser.findElement(By.id("channel-" + team.xChannel())).click();
		browser.findElement(By.id("submit-for-approval")).click();
		waitUntil("the submission is confirmed again", () -> !browser.findElements(By.id("submitted")).isEmpty());
		logOut();

		logIn(team.approver(), "/approvals");
		WebElement again = browser.findElement(By.cssSelector("#queue article"));
		assertThat(again.findElement(By.cssSelector(".preview-text")).getText()).contains("efter middagen");
		again.findElement(By.cssSelector("form.approve-form input[value=now]")).click();
		again.findElement(By.cssSelector("form.approve-form button")).click();
		waitUntil("the publication page", () -> browser.getCurrentUrl().contains("/publications/"));
		waitUntil("the publication is sent (the page follows the live status)",
				() -> browser.findElements(By.cssSelector("td.state"))
					.stream()
					.anyMatch((cell) -> cell.getText().contains("SENT")));
		screenshot("approval-4-sent");
		List<Map<String, Object>> received = TestClients.anonymous(this.port)
			.get()
			.uri("/emulator/x/received")
			.exchange()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(received).anyMatch((post) -> String.valueOf(post.get("text")).contains(marker + " efter middagen"));
		logOut();

		logIn(team.admin(), "/audit?organisationId=" + team.organisationId());
		List<String> actions = browser.findElements(By.cssSelector("#audit-entries td.action"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(actions).containsSubsequence("publication.scheduled", "post.approved", "post.submitted",
				"post.returned", "post.submitted");
		screenshot("approval-5-audit");
	}

	/**
	 * Opens a page, logs in on the login page it leads to, and lands on the page (the
	 * dashboard is not rendered on the way, which spares the shared machine).
	 */
	private void logIn(String username, String path) {
		browser.get(url(path));
		waitUntil("the login page", () -> !browser.findElements(By.id("username")).isEmpty());
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(ApprovalTeam.PASSWORD, Keys.ENTER);
		waitUntil("logged in as " + username + " at " + path,
				() -> !browser.getCurrentUrl().contains("/login") && browser.getCurrentUrl().contains(path));
	}

	private void logOut() {
		browser.findElement(By.cssSelector("form.logout button")).click();
		waitUntil("logged out", () -> browser.getCurrentUrl().contains("/login"));
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
