package org.hubben.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The team's pages in the member's language: their choice (the header's switch, or
 * {@code PUT /api/me/language}), else the browser's, else English. Each test has a member
 * of its own, so that a choice never reaches another test's pages.
 */
@HubbenIntegrationTest
class PageLanguageIntegrationTests {

	private static final String PASSWORD = "language-test-password";

	private static final String SWEDISH_BROWSER = "sv-SE,sv;q=0.9,en;q=0.8";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	private RegionTeam team;

	private WebTestClient api;

	@BeforeEach
	void team() {
		this.team = RegionTeam.create(this.jdbc, this.passwordEncoder, "language", PASSWORD);
		this.api = TestClients.anonymous(this.port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(this.team.admin(), PASSWORD))
			.build();
	}

	@Test
	void theLoginPageFollowsTheBrowser() {
		Document swedish = loginPage(SWEDISH_BROWSER);
		assertThat(swedish.select("h1").text()).isEqualTo("Logga in");
		assertThat(swedish.select("label[for=password]").text()).isEqualTo("Lösenord");
		assertThat(swedish.select("html").attr("lang")).isEqualTo("sv");
		Document english = loginPage(null);
		assertThat(english.select("h1").text()).isEqualTo("Log in");
		assertThat(english.select("html").attr("lang")).isEqualTo("en");
	}

	@Test
	void aSwedishBrowserGetsTheDashboardInSwedish() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		Document dashboard = page(browser, "/", SWEDISH_BROWSER);
		assertThat(dashboard.select("h1").text()).isEqualTo("Översikt");
		assertThat(dashboard.select("#drafts-heading").text()).isEqualTo("Utkast");
		assertThat(dashboard.select("#attention-heading").text()).isEqualTo("Behöver åtgärdas");
		assertThat(dashboard.select("nav a").eachText()).contains("Översikt", "Kalender", "Skriv inlägg", "Kanaler");
		assertThat(page(browser, "/", "da, sv;q=0.5, en;q=0.2").select("h1").text()).as("q-values")
			.isEqualTo("Översikt");
		assertThat(page(browser, "/", "de-DE").select("h1").text()).as("neither language").isEqualTo("Dashboard");
	}

	@Test
	void aNewcomersStartAndTheAutosaveWordsAreInSwedish() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		Document dashboard = page(browser, "/", SWEDISH_BROWSER);
		assertThat(dashboard.select("#start-here h2").text()).as("a team without channels").isEqualTo("Börja här");
		assertThat(dashboard.select("#start-here li").eachText()).containsExactly(
				"Anslut en kanal: logga in på en plattform och låt Hubben publicera där i din organisations namn.",
				"Skriv ett inlägg, välj kanalen och publicera det nu eller vid en viss tid.");
		Element status = page(browser, "/posts/new", SWEDISH_BROWSER).getElementById("autosave-status");
		assertThat(status).isNotNull();
		assertThat(status.attr("data-saving")).isEqualTo("Sparar…");
		assertThat(status.attr("data-saved")).isEqualTo("Sparat {0}");
		assertThat(status.attr("data-failed")).isEqualTo("Inte sparat: {0}");
		assertThat(page(browser, "/posts/new", null).getElementById("autosave-status").attr("data-saved"))
			.isEqualTo("Saved {0}");
	}

	@Test
	void theMembersChoiceOverridesTheBrowserUntilTheyFollowItAgain() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		this.api.put()
			.uri("/api/me/language")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("language", "en"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.language")
			.isEqualTo("en");
		assertThat(page(browser, "/", SWEDISH_BROWSER).select("h1").text()).isEqualTo("Dashboard");
		this.api.get().uri("/api/me/language").exchange().expectBody().jsonPath("$.language").isEqualTo("en");

		this.api.put()
			.uri("/api/me/language")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"language\": null}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.language")
			.isEmpty();
		assertThat(page(browser, "/", SWEDISH_BROWSER).select("h1").text()).isEqualTo("Översikt");
		assertThat(page(browser, "/", null).select("h1").text()).isEqualTo("Dashboard");
	}

	@Test
	void theHeaderSwitchSavesTheChoiceAndGoesBackToThePage() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		Document calendar = page(browser, "/calendar?view=week", null);
		assertThat(calendar.select("header nav a[href=/calendar]").text()).isEqualTo("Calendar");
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("language", "sv");
		form.add("_csrf", calendar.selectFirst("form.language-switch input[name=_csrf]").val());
		form.add("back", calendar.selectFirst("form.language-switch input[name=back]").val());
		URI back = TestClients.anonymous(this.port)
			.post()
			.uri("/language")
			.cookie("SESSION", browser.session())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(form)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation();
		assertThat(back).isEqualTo(URI.create("/calendar?view=week"));
		Document swedish = page(browser, "/calendar", "en-GB");
		assertThat(swedish.select("header nav a[href=/calendar]").text()).isEqualTo("Kalender");
		assertThat(swedish.select("form.language-switch button[value=sv]").attr("aria-pressed")).isEqualTo("true");
		this.api.get().uri("/api/me/language").exchange().expectBody().jsonPath("$.language").isEqualTo("sv");
	}

	@Test
	void everyTeamPageRendersInSwedishWithoutAMissingMessage() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		for (String path : List.of("/", "/calendar", "/calendar?view=week", "/posts/new", "/posts/import", "/inbox",
				"/channels", "/emulator-feed", "/settings/organisation", "/settings/tips", "/settings/feed",
				"/settings/webhooks", "/settings/words", "/settings/privacy?q=nobody", "/account/tokens",
				"/organisations", "/members", "/approvals", "/audit", "/library")) {
			Document page = page(browser, path, SWEDISH_BROWSER);
			assertThat(page.select("html").attr("lang")).as(path).isEqualTo("sv");
			assertThat(page.outerHtml()).as(path + " names a message no bundle has").doesNotContain("??");
			assertThat(page.select("header nav a[href=/inbox]").text()).as(path).startsWith("Inkorg");
			assertThat(page.select("header nav a[href=/library]").text()).as(path).isEqualTo("Bibliotek");
			assertThat(page.select("header nav a[href=/members]").text()).as(path).isEqualTo("Medlemmar");
			assertThat(page.select("header nav a[href=/approvals]").text()).as(path).startsWith("Godkännanden");
		}
	}

	@Test
	void anUnknownLanguageIsAProblemBesideTheField() {
		this.api.put()
			.uri("/api/me/language")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("language", "de"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.language")
			.value((String message) -> assertThat(message).contains("sv").contains("en"));
		this.api.get().uri("/api/me/language").exchange().expectBody().jsonPath("$.language").isEmpty();
	}

	private Document loginPage(String acceptLanguage) {
		WebTestClient.RequestHeadersSpec<?> request = TestClients.anonymous(this.port).get().uri("/login");
		if (acceptLanguage != null) {
			request = request.header(HttpHeaders.ACCEPT_LANGUAGE, acceptLanguage);
		}
		return Jsoup
			.parse(request.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
	}

	private Document page(SignedInBrowser browser, String path, String acceptLanguage) {
		WebTestClient.RequestHeadersSpec<?> request = TestClients.anonymous(this.port)
			.get()
			.uri(path)
			.cookie("SESSION", browser.session());
		if (acceptLanguage != null) {
			request = request.header(HttpHeaders.ACCEPT_LANGUAGE, acceptLanguage);
		}
		return Jsoup
			.parse(request.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
	}

}
