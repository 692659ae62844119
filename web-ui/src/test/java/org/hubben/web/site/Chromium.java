package org.hubben.web.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium and chromedriver for browser tests: headless, with a fresh profile,
 * nothing fetched from the network. A test class that needs them is skipped with a
 * message when they are not installed, unless {@code HUBBEN_REQUIRE_BROWSER=true} (as in
 * CI), where it fails instead.
 */
public final class Chromium implements ExecutionCondition {

	static final Path BROWSER = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	/** Where browser tests keep their screenshots, and the page of a failed wait. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
			return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
		}
		String message = "Chromium is not installed (" + BROWSER + ", " + DRIVER
				+ "): skipping the browser tests; install them with: apt-get install -y chromium chromium-driver";
		if ("true".equalsIgnoreCase(System.getenv("HUBBEN_REQUIRE_BROWSER"))) {
			throw new IllegalStateException(message.replace("skipping", "but HUBBEN_REQUIRE_BROWSER=true requires"));
		}
		return ConditionEvaluationResult.disabled(message);
	}

	/**
	 * @param downloads where downloads go
	 * @return a headless Chromium with a fresh profile
	 */
	public static ChromeDriver start(Path downloads) {
		try {
			Path profile = Files.createTempDirectory("hubben-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(BROWSER.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
					"--user-data-dir=" + profile, "--lang=en-GB", "--window-size=1280,900");
			options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
					"download.prompt_for_download", false, "intl.accept_languages", "en-GB,en"));
			options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.build();
			return new ChromeDriver(service, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits, polling every 50 ms, until the condition holds; when it does not within the
	 * patience, keeps the page as {@code failed.html} and {@code failed.png} in
	 * {@link #SCREENSHOTS} and fails saying what it waited for.
	 */
	public static void waitUntil(ChromeDriver browser, Duration patience, String what, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(patience);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				keepFailedPage(browser);
			}
			assertThat(Instant.now()).as("waiting until " + what + " (the page is in " + SCREENSHOTS + "/failed.*)")
				.isBefore(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void keepFailedPage(ChromeDriver browser) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Files.writeString(SCREENSHOTS.resolve("failed.html"), browser.getPageSource());
			Files.write(SCREENSHOTS.resolve("failed.png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			// the assertion that follows says what failed
		}
	}

}
