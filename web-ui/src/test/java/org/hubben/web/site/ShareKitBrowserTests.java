package org.hubben.web.site;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hubben.HubbenIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The share kit in a real browser, as a supporter uses it: copy buttons, the image
 * download, the share links, the keyboard alone; with screenshots at phone and desktop
 * widths in {@code target/screenshots/}.
 */
@HubbenIntegrationTest
@ExtendWith(Chromium.class)
class ShareKitBrowserTests {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static ChromeDriver browser;

	private static Path downloads;

	private static Map<String, Object> post;

	@LocalServerPort
	int port;

	private SiteFixture site;

	@BeforeEach
	void start() throws IOException {
		this.site = new SiteFixture(this.port);
		if (browser == null) {
			downloads = Files.createTempDirectory("hubben-downloads-");
			browser = Chromium.start(downloads);
			post = this.site.publish("Skolorna öppnar på måndag",
					"Från måndag öppnar alla skolor igen. Här är vad som ändras för elever och föräldrar.", true);
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
	void copiesEachSuggestedTextToTheClipboardWithItsButton() {
		open("/p/" + slug() + "/share?lang=en");
		for (String target : List.of("x", "facebook", "other")) {
			WebElement button = browser.findElement(By.cssSelector("button[data-copy='text-" + target + "']"));
			assertThat(button.isDisplayed()).as("the script shows the %s copy button", target).isTrue();
			button.click();
			String expected = browser.findElement(By.id("text-" + target)).getDomProperty("value");
			waitUntil(() -> expected.equals(clipboard()));
			assertThat(clipboard()).isEqualTo(expected);
			assertThat(browser.findElement(By.id("copy-status")).getText()).isEqualTo("Copied to the clipboard.");
		}
		browser.findElement(By.cssSelector("button[data-copy='copy-link']")).click();
		waitUntil(() -> clipboard().contains("utm_source=supporter"));
		assertThat(clipboard()).isEqualTo(
				"http://localhost:8080/p/" + slug() + "?utm_source=supporter&utm_medium=social&utm_campaign=" + slug());
	}

	@Test
	void downloadsTheImageItShows() throws Exception {
		open("/p/" + slug() + "/share?lang=en");
		WebElement link = browser.findElement(By.id("download-image"));
		assertThat(link.getDomAttribute("download")).isEqualTo(slug() + ".png");
		link.click();
		Path file = downloads.resolve(slug() + ".png");
		waitUntil(() -> Files.exists(file) && file.toFile().length() > 0);
		byte[] downloaded = Files.readAllBytes(file);
		byte[] shown = http("/p/" + slug() + "/card.png").body();
		assertThat(downloaded).startsWith(0x89, 'P', 'N', 'G').isEqualTo(shown);
		String imageSource = browser.findElement(By.cssSelector("img.kit-image")).getDomAttribute("src");
		assertThat(imageSource).isEqualTo("/p/" + slug() + "/card.png");
		Boolean loaded = (Boolean) browser.executeScript(
				"var i = document.querySelector('img.kit-image'); return i.complete && i.naturalWidth === 1200;");
		assertThat(loaded).isTrue();
	}

	@Test
	void sendsEachShareLinkToThePlatformsOwnDialog() throws Exception {
		open("/p/" + slug() + "/share?lang=en");
		String link = "http://localhost:8080/p/" + slug() + "?utm_source=supporter&utm_medium=social&utm_campaign="
				+ slug();
		String encoded = URLEncoder.encode(link, StandardCharsets.UTF_8);
		Map<String, String> expected = Map.of("x",
				"https://x.com/intent/post?text=Fr%C3%A5n%20m%C3%A5ndag%20%C3%B6ppnar%20alla%20skolor%20igen.%20H%C3%A4r"
						+ "%20%C3%A4r%20vad%20som%20%C3%A4ndras%20f%C3%B6r%20elever%20och%20f%C3%B6r%C3%A4ldrar.&url="
						+ encoded,
				"facebook", "https://www.facebook.com/sharer/sharer.php?u=" + encoded);
		List<WebElement> links = browser.findElements(By.cssSelector("a.share-link"));
		assertThat(links).hasSize(2);
		for (WebElement share : links) {
			String href = share.getDomAttribute("href");
			String target = href.substring(href.lastIndexOf('/') + 1);
			assertThat(share.getDomAttribute("target")).isEqualTo("_blank");
			assertThat(share.getDomAttribute("rel")).contains("noopener");
			HttpResponse<byte[]> redirect = http(href);
			assertThat(redirect.statusCode()).isEqualTo(303);
			assertThat(redirect.headers().firstValue("Location")).hasValue(expected.get(target));
		}
		assertThat(links.get(0).getText()).isEqualTo("Post it on X");
		assertThat(links.get(1).getText()).isEqualTo("Share on Facebook");
	}

	@Test
	void canBeUsedWithTheKeyboardAlone() {
		open("/p/" + slug() + "/share?lang=en");
		Actions keys = new Actions(browser);
		keys.sendKeys(Keys.TAB).perform();
		assertThat(active().getText()).isEqualTo("Skip to content");
		assertThat(active().isDisplayed()).isTrue();
		keys.sendKeys(Keys.ENTER).perform();
		assertThat(active().getDomAttribute("id")).isEqualTo("main");
		WebElement copyX = browser.findElement(By.cssSelector("button[data-copy='text-x']"));
		for (int i = 0; i < 20 && !copyX.equals(active()); i++) {
			keys.sendKeys(Keys.TAB).perform();
		}
		assertThat(active()).isEqualTo(copyX);
		String outline = (String) browser.executeScript("return getComputedStyle(arguments[0]).outlineStyle;", copyX);
		assertThat(outline).as("a visible focus indicator").isNotEqualTo("none");
		keys.sendKeys(Keys.ENTER).perform();
		String expected = browser.findElement(By.id("text-x")).getDomProperty("value");
		waitUntil(() -> expected.equals(clipboard()));
		assertThat(clipboard()).isEqualTo(expected);
		assertThat(browser.findElement(By.id("copy-status")).getText()).isEqualTo("Copied to the clipboard.");
		keys.sendKeys(Keys.TAB).perform();
		assertThat(active().getText()).isEqualTo("Post it on X");
	}

	@Test
	void labelsEveryControlAndFitsAPhoneScreen() throws IOException {
		browser.manage().window().setSize(new Dimension(390, 844));
		for (String path : List.of("/p/" + slug() + "/share?lang=en", "/p/" + slug() + "?lang=sv", "/o/hubben/share",
				"/o/hubben/tips?lang=sv", "/o/hubben/channels?lang=en", "/privacy?lang=en")) {
			open(path);
			Boolean fits = (Boolean) browser
				.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
			assertThat(fits).as("%s has no sideways scrolling on a phone", path).isTrue();
			for (WebElement control : browser.findElements(By.cssSelector("input, textarea, select"))) {
				String id = control.getDomAttribute("id");
				assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label of %s", id)
					.isNotEmpty();
			}
			for (WebElement image : browser.findElements(By.tagName("img"))) {
				assertThat(image.getDomAttribute("alt")).as("alt text").isNotBlank();
			}
			assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isIn("sv", "en");
		}
		screenshots("post-share", "/p/" + slug() + "/share?lang=sv");
		screenshots("post", "/p/" + slug() + "?lang=sv");
		screenshots("organisation-share", "/o/hubben/share?lang=en");
		screenshots("tips", "/o/hubben/tips?lang=sv");
		screenshots("channels", "/o/hubben/channels?lang=en");
	}

	private void screenshots(String name, String path) throws IOException {
		for (Map.Entry<String, Dimension> size : Map
			.of("phone", new Dimension(390, 844), "desktop", new Dimension(1280, 900))
			.entrySet()) {
			browser.manage().window().setSize(size.getValue());
			open(path);
			Long height = (Long) browser.executeScript("return document.documentElement.scrollHeight;");
			browser.manage()
				.window()
				.setSize(new Dimension(size.getValue().width,
						(int) Math.min(Math.max(height, size.getValue().height), 6000)));
			Files.write(SCREENSHOTS.resolve(name + "-" + size.getKey() + ".png"),
					browser.getScreenshotAs(OutputType.BYTES));
		}
	}

	private void open(String path) {
		browser.get("http://127.0.0.1:" + this.port + path);
		// Permissions belong to the page's origin, so they are granted once a page of it
		// is open; reading the clipboard is the test's, the page only writes.
		browser.setPermission("clipboard-read", "granted");
		browser.setPermission("clipboard-write", "granted");
	}

	private static WebElement active() {
		return browser.switchTo().activeElement();
	}

	private static String clipboard() {
		Object text = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
				+ "navigator.clipboard.readText().then(done, function (e) { done('clipboard unreadable: ' + e); });");
		return String.valueOf(text);
	}

	private HttpResponse<byte[]> http(String path) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String slug() {
		return (String) post.get("slug");
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
			SiteFixture.sleep(Duration.ofMillis(100));
		}
	}

}
