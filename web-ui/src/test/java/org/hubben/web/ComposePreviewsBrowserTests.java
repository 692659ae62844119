package org.hubben.web;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
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

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose page in a real browser: a person writes in the rich editor, attaches a
 * photo, and watches each platform's preview and counter follow; a text they write for X
 * themselves turns X's counter red past 280. Screenshots go to
 * {@code target/screenshots/}.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class ComposePreviewsBrowserTests {

	private static final Path SCREENSHOTS = Chromium.SCREENSHOTS;

	/**
	 * Generous: the build machine is shared, and the previews wait 300 ms for typing to
	 * stop.
	 */
	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static ChromeDriver browser;

	private static Path photo;

	@LocalServerPort
	int port;

	@BeforeEach
	void start() throws IOException {
		if (browser == null) {
			browser = Chromium.start(Files.createTempDirectory("hubben-downloads-"));
			Files.createDirectories(SCREENSHOTS);
			photo = Files.createTempFile("hubben-skolgarden-", ".jpg");
			ImageIO.write(schoolyard(), "jpeg", photo.toFile());
			browser.get(url("/login"));
			browser.findElement(By.id("username")).sendKeys(TestClients.ADMIN);
			browser.findElement(By.id("password")).sendKeys(TestClients.ADMIN_PASSWORD, Keys.ENTER);
			waitUntil("logged in", () -> !browser.getCurrentUrl().contains("/login"));
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
	void countsAsThePersonTypesAndTurnsRedPastTheLimit() throws IOException {
		browser.get(url("/posts/new"));
		waitForPreviews();
		assertThat(browser.findElements(By.cssSelector(".site-header"))).as("one page header").hasSize(1);
		assertThat(browser.findElement(By.id("text")).isDisplayed()).as("the plain text area, replaced").isFalse();
		WebElement editor = browser.findElement(By.id("editor"));
		assertThat(editor.isDisplayed()).isTrue();
		browser.findElement(By.id("title")).sendKeys("Skolorna öppnar på måndag");
		browser.findElement(By.id("link")).sendKeys("https://example.org/skolstart");
		editor.click();
		editor.sendKeys("Från måndag öppnar alla skolor i Malmö igen. ");
		tool("bold").click();
		editor.sendKeys("Ta med");
		tool("bold").click();
		editor.sendKeys(":", Keys.ENTER);
		tool("insertUnorderedList").click();
		editor.sendKeys("matsäck", Keys.ENTER, "regnkläder #Skolval");
		waitUntil("the X preview shows the list", () -> previewText("x").contains("• matsäck\n• regnkläder #Skolval"));
		assertThat(editor.getDomProperty("innerHTML")).containsPattern("<(b|strong)>Ta med</(b|strong)>")
			.contains("<li>matsäck</li>");
		String xCounter = counter("x", "text").getText();
		assertThat(xCounter).matches("text \\d+ / 280");
		assertThat(counter("x", "text").getDomAttribute("class")).doesNotContain("over");
		assertThat(browser.findElement(By.cssSelector("[data-platform=youtube] .variant-title")).getText())
			.isEqualTo("Skolorna öppnar på måndag");
		assertThat(counter("youtube", "title").getText()).isEqualTo("title 25 / 100");
		assertThat(browser.findElement(By.cssSelector("[data-platform=flickr] .flickr-tags")).getText())
			.isEqualTo("Skolval");

		editor.sendKeys(Keys.ENTER, "Och en rad till");
		waitUntil("the X counter follows the typing", () -> !counter("x", "text").getText().equals(xCounter));

		browser.findElement(By.id("files")).sendKeys(photo.toString());
		waitUntil("the chosen photo is stored and attached",
				() -> !browser.findElements(By.cssSelector("ul.attached input[name=mediaIds]")).isEmpty());
		waitUntil("the previews show the photo before the form is sent",
				() -> browser.findElements(By.cssSelector("[data-platform=x] .variant-media img")).size() == 1);
		assertThat(browser.findElement(By.id("files")).getDomProperty("value")).as("nothing left to send").isEmpty();
		browser.findElement(By.cssSelector("form.compose-form button[type=submit]")).click();
		waitUntil("the refused form comes back with the photo attached",
				() -> browser.findElements(By.id("channelIds-error")).size() == 1
						&& !browser.findElements(By.cssSelector("ul.attached input[name=mediaIds]")).isEmpty());
		waitForPreviews();
		assertThat(browser.findElement(By.id("channelIds-error")).getText()).isEqualTo("Choose at least one channel");
		assertThat(browser.findElement(By.id("editor")).getDomProperty("innerHTML")).contains("<li>matsäck</li>");
		waitUntil("each preview shows the photo it receives",
				() -> browser.findElements(By.cssSelector("[data-platform=x] .variant-media img")).size() == 1
						&& browser.findElements(By.cssSelector("[data-platform=flickr] .variant-media img")).size() == 1
						&& browser.findElements(By.cssSelector("[data-platform=facebook] .variant-media img"))
							.size() == 1);
		assertThat(problems("youtube")).contains("YouTube needs a video: attach one, or leave YouTube out");
		assertThat(problems("x")).isEmpty();

		WebElement xEdit = browser.findElement(By.cssSelector("[data-platform=x] details.variant-edit"));
		xEdit.findElement(By.tagName("summary")).click();
		WebElement xText = browser.findElement(By.id("variant-x-text"));
		waitUntil("the X text starts from the post's", () -> xText.getDomProperty("value").startsWith("Från måndag"));
		xText.sendKeys(Keys.END, " Mer om vad som gäller för skolskjuts, luncher, fritids och läxhjälp finns på "
				+ "skolornas egna sidor, där rektorerna svarar på frågor hela veckan. Välkomna tillbaka!");
		waitUntil("the X counter turns red past the limit",
				() -> counter("x", "text").getDomAttribute("class").contains("over"));
		assertThat(counter("x", "text").getText()).matches("text \\d+ / 280 \\(\\d+ too many\\)");
		assertThat(browser.findElement(By.cssSelector("[data-platform=x]")).getDomAttribute("class"))
			.contains("over-limit");
		assertThat(problems("x")).singleElement().asString().startsWith("X allows 280 characters");
		assertThat(counter("facebook", "text").getDomAttribute("class")).doesNotContain("over");
		screenshot("compose-previews", 1280);
		screenshot("compose-previews-phone", 390);
	}

	@Test
	void linksTheSelectedWordsOrInsertsTheAddressWithTheLinkButton() {
		browser.get(url("/posts/new"));
		waitForPreviews();
		browser.findElement(By.id("title")).sendKeys("Länkar");
		WebElement editor = browser.findElement(By.id("editor"));
		editor.click();
		editor.sendKeys("Läs om skolvalet här. Se ");
		tool("createLink").click();
		WebElement address = browser.findElement(By.id("link-address"));
		waitUntil("the link address field is shown", address::isDisplayed);
		address.sendKeys(Keys.chord(Keys.CONTROL, "a"), "https://example.org/mer", Keys.ENTER);
		waitUntil("the address is linked in the editor", () -> editor.getDomProperty("innerHTML")
			.contains("<a href=\"https://example.org/mer\">https://example.org/mer</a>"));
		assertThat(address.isDisplayed()).isFalse();
		browser.executeScript("var text = document.getElementById('editor').firstChild.firstChild || "
				+ "document.getElementById('editor').firstChild; var range = document.createRange();"
				+ "range.setStart(text, 7); range.setEnd(text, 16); var selection = window.getSelection();"
				+ "selection.removeAllRanges(); selection.addRange(range);");
		tool("createLink").click();
		waitUntil("the link address field is shown again", address::isDisplayed);
		address.sendKeys(Keys.chord(Keys.CONTROL, "a"), "https://example.org/skolval", Keys.ENTER);
		waitUntil("Facebook shows the linked words with their address", () -> previewText("facebook")
			.equals("Läs om skolvalet (https://example.org/skolval) här. Se https://example.org/mer"));
	}

	private void waitForPreviews() {
		waitUntil("the previews are shown",
				() -> "true".equals(browser.findElement(By.id("previews")).getDomAttribute("data-ready")));
	}

	private static WebElement tool(String command) {
		return browser.findElement(By.cssSelector("button.tool[data-command=" + command + "]"));
	}

	private static WebElement counter(String platform, String part) {
		return browser.findElement(By.cssSelector("[data-platform=" + platform + "] [data-counter=" + part + "]"));
	}

	private static String previewText(String platform) {
		return browser.findElement(By.cssSelector("[data-platform=" + platform + "] .variant-text"))
			.getDomProperty("textContent");
	}

	private static java.util.List<String> problems(String platform) {
		return browser.findElements(By.cssSelector("[data-platform=" + platform + "] .problems li"))
			.stream()
			.map(WebElement::getText)
			.toList();
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

	/** A photo of a schoolyard on a sunny morning, drawn so the test needs no file. */
	private static BufferedImage schoolyard() {
		BufferedImage image = new BufferedImage(960, 600, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setPaint(new GradientPaint(0, 0, new Color(0x7fb8e6), 0, 380, new Color(0xdcefff)));
		g.fillRect(0, 0, 960, 380);
		g.setColor(new Color(0xffd34d));
		g.fillOval(740, 60, 110, 110);
		g.setColor(new Color(0x5e9e4a));
		g.fillRect(0, 380, 960, 220);
		g.setColor(new Color(0xb5523b));
		g.fillRect(220, 200, 520, 220);
		g.setColor(new Color(0x7a2f22));
		g.fillPolygon(new int[] { 200, 480, 760 }, new int[] { 200, 90, 200 }, 3);
		g.setColor(new Color(0xf4f1e8));
		for (int x = 260; x < 720; x += 90) {
			g.fillRect(x, 240, 50, 60);
		}
		g.setColor(new Color(0x4a3322));
		g.fillRect(450, 330, 60, 90);
		g.dispose();
		return image;
	}

}
