package org.hubben.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.publishing.PublishingFlow;
import org.hubben.web.site.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calendar in a real browser: a person drags a post to another day of the month, sees
 * a refusal on a post that can no longer move, and moves a post with the keyboard through
 * its Move form. Screenshots of the month and week views go to
 * {@code target/screenshots/}.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class CalendarBrowserTests {

	private static final Path SCREENSHOTS = Chromium.SCREENSHOTS;

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

	/**
	 * Chromium's HTML5 drag and drop is not driven by WebDriver's pointer actions, so the
	 * test dispatches the events a person's drag fires, with one DataTransfer as the
	 * browser does.
	 */
	private static final String DRAG = "var chip = arguments[0], cell = arguments[1], data = new DataTransfer();"
			+ "function fire(target, type) { target.dispatchEvent(new DragEvent(type, "
			+ "{ bubbles: true, cancelable: true, dataTransfer: data })); }"
			+ "fire(chip, 'dragstart'); fire(cell, 'dragenter'); fire(cell, 'dragover'); fire(cell, 'drop');"
			+ "fire(chip, 'dragend');";

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	PublishingFlow flow;

	@BeforeEach
	void start() throws IOException {
		this.flow = new PublishingFlow(TestClients.admin(this.port), this.emulators);
		if (browser == null) {
			browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
			Files.createDirectories(SCREENSHOTS);
			// The login form is tested elsewhere; a session made over HTTP spares the
			// shared
			// machine a rendering of the dashboard.
			SignedInBrowser session = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
			browser.get(url("/css/hubben.css"));
			browser.manage().addCookie(new Cookie("SESSION", session.session(), "/"));
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
	void dragsAPostToAnotherDayKeepingItsTimeAndMovesOneWithTheKeyboard() throws IOException {
		LocalDate day = LocalDate.now(STOCKHOLM).plusDays(10);
		LocalDate target = (day.plusDays(1).getMonth() == day.getMonth()) ? day.plusDays(1) : day.minusDays(1);
		String dragged = scheduleAt("Skolorna öppnar", day + "T10:15", Platform.X, Platform.FACEBOOK);
		String refused = scheduleAt("Inställt möte", day + "T11:00", Platform.X);
		String keyboard = scheduleAt("Öppet hus på kansliet", day + "T16:45", Platform.FACEBOOK);
		Map<String, Object> sentPost = this.flow.compose("Valvaka i Malmö", "Välkomna " + UUID.randomUUID(), null);
		this.flow.schedule(sentPost.get("id"), this.flow.channelIds(Platform.X), null);

		browser.get(url("/calendar?date=" + day));
		WebElement chip = chip(dragged);
		assertThat(browser.findElement(By.cssSelector("main .zone-note")).getText()).contains("Europe/Stockholm");
		assertThat(browser.findElement(By.cssSelector("nav a[href='/calendar']")).getText()).isEqualTo("Calendar");
		assertThat(chip.getDomAttribute("draggable")).isEqualTo("true");
		assertThat(chip.findElement(By.cssSelector(".chip-link time")).getText()).isEqualTo("10:15");
		assertThat(chip.findElements(By.cssSelector(".platforms li"))).extracting(WebElement::getText)
			.containsExactlyInAnyOrder("X", "Facebook");
		assertThat(cellOf(chip)).isEqualTo(day.toString());

		browser.executeScript(DRAG, chip, cell(target));
		waitUntil("the chip is in its new day", () -> cellOf(chip(dragged)).equals(target.toString()));
		Instant expected = target.atTime(10, 15).atZone(STOCKHOLM).toInstant();
		waitUntil("the server has the new time, the time of day kept", () -> expected.equals(dueAt(dragged)));
		assertThat(chip(dragged).findElement(By.cssSelector(".chip-error")).isDisplayed()).isFalse();

		this.flow.cancel(refused);
		browser.executeScript(DRAG, chip(refused), cell(target));
		waitUntil("the refusal is shown on the post",
				() -> chip(refused).findElement(By.cssSelector(".chip-error")).isDisplayed());
		assertThat(chip(refused).findElement(By.cssSelector(".chip-error")).getText())
			.isEqualTo("Cancelled: schedule the post again instead");
		assertThat(cellOf(chip(refused))).as("moved back").isEqualTo(day.toString());
		screenshot("calendar-month", 1280);

		LocalDate newDay = day.plusDays(3);
		WebElement move = chip(keyboard).findElement(By.cssSelector("details.move summary"));
		move.sendKeys(Keys.ENTER);
		WebElement date = browser.findElement(By.id("move-date-" + keyboard));
		waitUntil("the Move form is open", date::isDisplayed);
		assertThat(browser.findElement(By.cssSelector("label[for='move-date-" + keyboard + "']")).getText())
			.isEqualTo("New date");
		assertThat(browser.findElement(By.cssSelector("label[for='move-time-" + keyboard + "']")).getText())
			.isEqualTo("New time");
		date.sendKeys(typed(newDay, true));
		if (!newDay.toString().equals(date.getDomProperty("value"))) {
			// Chromium lays the field out in a language WebDriver cannot ask for surely
			date.clear();
			date.sendKeys(typed(newDay, false));
		}
		WebElement time = browser.findElement(By.id("move-time-" + keyboard));
		time.sendKeys("0930");
		if (!"09:30".equals(time.getDomProperty("value"))) {
			// a field with a 12-hour clock ends with its AM/PM part
			time.sendKeys("A");
		}
		assertThat(date.getDomProperty("value")).isEqualTo(newDay.toString());
		assertThat(time.getDomProperty("value")).isEqualTo("09:30");
		// Escape closes the time picker a key may have opened; Enter on the focused
		// button sends the form
		time.sendKeys(Keys.ESCAPE);
		chip(keyboard).findElement(By.cssSelector(".move-form button[type=submit]")).sendKeys(Keys.ENTER);
		Instant keyed = newDay.atTime(9, 30).atZone(STOCKHOLM).toInstant();
		waitUntil("the server has the time typed", () -> keyed.equals(dueAt(keyboard)));
		waitUntil("the page says it moved",
				() -> browser.findElement(By.id("calendar-status"))
					.getDomProperty("textContent")
					.startsWith("Moved to " + newDay + " 09:30"));

		browser.get(url("/calendar?view=week&date=" + target));
		WebElement weekChip = chip(dragged);
		assertThat(weekChip.findElement(By.xpath("ancestor::td")).getDomAttribute("data-drop-hour")).isEqualTo("10");
		screenshot("calendar-week", 1280);
	}

	@Test
	void dragsAPostToAnotherDayAndHourOfTheWeekKeepingItsMinutes() throws IOException {
		LocalDate day = LocalDate.now(STOCKHOLM).plusDays(14);
		// Another day of the same week (weeks start on Monday), three hours later.
		LocalDate target = (day.getDayOfWeek() == java.time.DayOfWeek.MONDAY) ? day.plusDays(1) : day.minusDays(1);
		String dragged = scheduleAt("Veckans nyhetsbrev", day + "T10:20", Platform.X);

		browser.get(url("/calendar?view=week&date=" + day));
		WebElement chip = chip(dragged);
		WebElement from = chip.findElement(By.xpath("ancestor::td"));
		assertThat(from.getDomAttribute("data-drop-date")).isEqualTo(day.toString());
		assertThat(from.getDomAttribute("data-drop-hour")).isEqualTo("10");

		WebElement cell = browser
			.findElement(By.cssSelector("td[data-drop-date='" + target + "'][data-drop-hour='13']"));
		browser.executeScript(DRAG, chip, cell);
		waitUntil("the chip is in its new day and hour", () -> {
			WebElement moved = chip(dragged).findElement(By.xpath("ancestor::td"));
			return target.toString().equals(moved.getDomAttribute("data-drop-date"))
					&& "13".equals(moved.getDomAttribute("data-drop-hour"));
		});
		Instant expected = target.atTime(13, 20).atZone(STOCKHOLM).toInstant();
		waitUntil("the server has the new day and hour, the minutes kept", () -> expected.equals(dueAt(dragged)));
		assertThat(this.flow.publication(dragged).get("zone")).isEqualTo("Europe/Stockholm");

		browser.navigate().refresh();
		WebElement reloaded = chip(dragged).findElement(By.xpath("ancestor::td"));
		assertThat(reloaded.getDomAttribute("data-drop-date")).as("where the server put it")
			.isEqualTo(target.toString());
		assertThat(reloaded.getDomAttribute("data-drop-hour")).isEqualTo("13");
		assertThat(chip(dragged).findElement(By.cssSelector(".chip-link time")).getText()).isEqualTo("13:20");
		screenshot("calendar-week-dragged", 1280);
	}

	private String scheduleAt(String title, String local, Platform... platforms) {
		Map<String, Object> post = this.flow.compose(title, title + " " + UUID.randomUUID(), null);
		return (String) TestClients.admin(this.port)
			.post()
			.uri("/api/posts/{id}/publications", post.get("id"))
			.bodyValue(Map.of("channelIds", this.flow.channelIds(platforms), "at", local, "zone", "Europe/Stockholm"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	/** The keys a person types into a date field laid out day first, or month first. */
	private static String typed(LocalDate day, boolean dayFirst) {
		return day.format(DateTimeFormatter.ofPattern(dayFirst ? "ddMMyyyy" : "MMddyyyy"));
	}

	private Instant dueAt(String id) {
		return Instant.parse((String) this.flow.publication(id).get("dueAt"));
	}

	private static WebElement chip(String id) {
		waitUntil("publication " + id + " is on the page",
				() -> !browser.findElements(By.id("publication-" + id)).isEmpty());
		return browser.findElement(By.id("publication-" + id));
	}

	private static WebElement cell(LocalDate day) {
		return browser.findElement(By.cssSelector("td[data-drop-date='" + day + "']"));
	}

	private static String cellOf(WebElement chip) {
		return chip.findElement(By.xpath("ancestor::td")).getDomAttribute("data-drop-date");
	}

	private void screenshot(String name, int width) throws IOException {
		browser.manage().window().setSize(new Dimension(width, 900));
		Long height = (Long) browser.executeScript("return document.documentElement.scrollHeight;");
		browser.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 900), 6000)));
		browser.executeScript("window.scrollTo(0, 0);");
		Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static void waitUntil(String what, BooleanSupplier condition) {
		Chromium.waitUntil(browser, PATIENCE, what, condition);
	}

}
