package org.hubben.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

@HubbenIntegrationTest
class PagesIntegrationTests {

	@LocalServerPort
	int port;

	private WebTestClient client;

	private String session;

	@BeforeEach
	void logIn() {
		this.client = TestClients.anonymous(this.port);
		EntityExchangeResult<String> loginPage = this.client.get()
			.uri("/login")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		this.session = sessionOf(loginPage, null);
		Document login = Jsoup.parse(loginPage.getResponseBody());
		assertThat(login.select("label[for=username]")).isNotEmpty();
		assertThat(login.select("label[for=password]")).isNotEmpty();
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", TestClients.ADMIN);
		form.add("password", TestClients.ADMIN_PASSWORD);
		form.add("_csrf", csrfOf(login));
		EntityExchangeResult<byte[]> loggedIn = this.client.post()
			.uri("/login")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/")
			.expectBody()
			.returnResult();
		this.session = sessionOf(loggedIn, this.session);
	}

	@Test
	void showsTheDashboardWithAComposeButton() {
		Document dashboard = get("/");
		assertThat(dashboard.select("h1").text()).isEqualTo("Dashboard");
		assertThat(dashboard.select("a.button[href=/posts/new]").text()).isEqualTo("Compose a post");
		assertThat(dashboard.select("nav a").eachText()).contains("Dashboard", "Compose", "Emulator feed");
		assertThat(dashboard.select("form[action=/logout] input[name=_csrf]")).hasSize(1);
	}

	@Test
	void listsTheDemoChannelsGroupedByPlatformWithTheOrganisationsZoneChosen() {
		Document compose = get("/posts/new");
		assertThat(compose.select(".platform-name").eachText()).contains("Facebook", "X");
		assertThat(channelLabels(compose)).contains("Hubben Demo (Facebook Page)", "@hubben_demo");
		for (Element input : compose.select("input, textarea, select")) {
			if (!input.attr("type").equals("hidden")) {
				assertThat(compose.select("label[for=" + input.id() + "]")).as("label of %s", input).isNotEmpty();
			}
		}
		assertThat(compose.select("#zone option[selected]").text()).isEqualTo("Europe/Stockholm");
		assertThat(compose.select("#zone option").eachText()).contains("UTC");
		assertThat(compose.select("#when-now").hasAttr("checked")).isTrue();
	}

	@Test
	void refusesAnEmptyTitleBesideTheFieldAndKeepsWhatWasTyped() {
		Document compose = get("/posts/new");
		MultiValueMap<String, String> form = form(compose, "", "Typed & kept <text>",
				List.of(channelId(compose, "@hubben_demo")));
		EntityExchangeResult<String> result = post("/posts", form).expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult();
		Document refused = Jsoup.parse(result.getResponseBody());
		Element title = refused.selectFirst("#title");
		assertThat(title.attr("aria-invalid")).isEqualTo("true");
		assertThat(refused.getElementById(title.attr("aria-describedby")).text()).isEqualTo("A title is required");
		assertThat(refused.selectFirst("#text").text()).isEqualTo("Typed & kept <text>");
		assertThat(refused.selectFirst("#channel-" + channelId(compose, "@hubben_demo")).hasAttr("checked")).isTrue();
	}

	@Test
	void publishesNowToXAndFacebookAndShowsWhatTheEmulatorsReceived() {
		Document compose = get("/posts/new");
		String text = "Pages test " + UUID.randomUUID();
		MultiValueMap<String, String> form = form(compose, "Now on two platforms", text,
				List.of(channelId(compose, "@hubben_demo"), channelId(compose, "Hubben Demo (Facebook Page)")));
		String location = post("/posts", form).expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.getPath();
		assertThat(location).startsWith("/publications/");
		Document publication = get(location);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (!states(publication).stream().allMatch("SENT"::equals) && Instant.now().isBefore(deadline)) {
			assertThat(publication.select("meta[http-equiv=refresh]").attr("content")).isEqualTo("2");
			sleep(Duration.ofMillis(300));
			publication = get(location);
		}
		assertThat(states(publication)).containsExactly("SENT", "SENT");
		assertThat(publication.select("h1").text()).isEqualTo("Now on two platforms");
		assertThat(publication.select("table.deliveries td a[href]")).hasSize(2);
		assertThat(publication.select("meta[http-equiv=refresh]")).isEmpty();
		assertThat(publication.select("form[action$=/cancel]")).isEmpty();
		Document feed = get("/emulator-feed");
		assertThat(feed.select("#feed-x").text()).contains("What X received", text);
		assertThat(feed.select("#feed-facebook").text()).contains("What Facebook received", text);
		String xPostId = this.client.get()
			.uri("/emulator/x/received")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody()
			.stream()
			.filter((received) -> String.valueOf(received.get("text")).contains(text))
			.map((received) -> String.valueOf(received.get("remoteId")))
			.findFirst()
			.orElseThrow();
		this.client.post()
			.uri("/emulator/x/comments")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("postId", xPostId, "authorId", "4242", "authorName", "Anna Andersson", "text",
					"Bra initiativ!"))
			.exchange()
			.expectStatus()
			.isCreated();
		Document withComment = get("/emulator-feed");
		// Other tests comment on their own posts in the same emulators: only this post's
		// comments count.
		Element post = withComment.select("#feed-x ol.received > li.card")
			.stream()
			.filter((card) -> card.select("> p.post-text").text().contains(text))
			.findFirst()
			.orElseThrow();
		assertThat(post.select("ol.comments li strong").eachText()).containsExactly("Anna Andersson");
		assertThat(post.select("ol.comments .comment-text").eachText()).containsExactly("Bra initiativ!");
		Document dashboard = get("/");
		assertThat(dashboard.select("a[href=" + location + "]").text()).isEqualTo("Now on two platforms");
	}

	@Test
	void refusesATimeInTheStockholmDaylightSavingGapBesideTheTimeField() {
		Document compose = get("/posts/new");
		MultiValueMap<String, String> form = form(compose, "In the gap", "Clocks go forward",
				List.of(channelId(compose, "@hubben_demo")));
		form.set("when", "later");
		form.set("date", "2027-03-28");
		form.set("time", "02:30");
		form.set("zone", "Europe/Stockholm");
		Document refused = Jsoup.parse(post("/posts", form).expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		Element time = refused.selectFirst("#time");
		assertThat(refused.getElementById(time.attr("aria-describedby")).text()).contains("02:30 does not exist",
				"clocks go forward");
		assertThat(time.val()).isEqualTo("02:30");
		assertThat(refused.selectFirst("#date").val()).isEqualTo("2027-03-28");
		assertThat(refused.selectFirst("#when-later").hasAttr("checked")).isTrue();
		assertThat(refused.selectFirst("#title").val()).isEqualTo("In the gap");
	}

	@Test
	void refusesPublishingWithoutAChannelOrWithAnUnreadableDateBesideTheirFields() {
		Document compose = get("/posts/new");
		MultiValueMap<String, String> form = form(compose, "No channel", "Text", List.of());
		form.set("when", "later");
		form.set("date", "not a date");
		form.set("time", "08:00");
		Document refused = Jsoup.parse(post("/posts", form).expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.select("#channelIds-error").text()).isEqualTo("Choose at least one channel");
		assertThat(refused.getElementById(refused.selectFirst("#date").attr("aria-describedby")).text())
			.contains("2027-05-01");
	}

	@Test
	void schedulesForLaterAndCancelsThePendingDeliveries() {
		Document compose = get("/posts/new");
		MultiValueMap<String, String> form = form(compose, "Tomorrow", "Not yet",
				List.of(channelId(compose, "@hubben_demo")));
		form.set("when", "later");
		form.set("date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString());
		form.set("time", "12:00");
		form.set("zone", "UTC");
		String location = post("/posts", form).expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.getPath();
		Document pending = get(location);
		assertThat(states(pending)).containsExactly("PENDING");
		assertThat(pending.select("meta[http-equiv=refresh]").attr("content")).isEqualTo("2");
		assertThat(pending.select(".due").text()).contains("12:00 (UTC)");
		Element cancel = pending.selectFirst("form[action=" + location + "/cancel]");
		MultiValueMap<String, String> cancelForm = new LinkedMultiValueMap<>();
		cancelForm.add("_csrf", csrfOf(cancel));
		post(location + "/cancel", cancelForm).expectStatus().isEqualTo(HttpStatus.SEE_OTHER);
		Document cancelled = get(location);
		assertThat(states(cancelled)).containsExactly("CANCELLED");
		assertThat(cancelled.select("meta[http-equiv=refresh]")).isEmpty();
		assertThat(cancelled.select("form[action$=/cancel]")).isEmpty();
	}

	@Test
	void saysWhenAUsernameAndPasswordDoNotMatch() {
		EntityExchangeResult<String> loginPage = this.client.get()
			.uri("/login")
			.exchange()
			.expectBody(String.class)
			.returnResult();
		String anonymousSession = sessionOf(loginPage, null);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", TestClients.ADMIN);
		form.add("password", "not-the-password");
		form.add("_csrf", csrfOf(Jsoup.parse(loginPage.getResponseBody())));
		this.client.post()
			.uri("/login")
			.cookie("SESSION", anonymousSession)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login?error");
		Document failed = Jsoup.parse(this.client.get()
			.uri("/login?error")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(failed.select("[role=alert]").text()).contains("do not match");
		assertThat(failed.selectFirst("#username").attr("aria-describedby")).isEqualTo("login-error");
	}

	@Test
	void showsAFriendlyPageForAnUnknownPublication() {
		EntityExchangeResult<String> result = this.client.get()
			.uri("/publications/" + UUID.randomUUID())
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.returnResult();
		Document page = Jsoup.parse(result.getResponseBody());
		assertThat(page.select("h1").text()).isEqualTo("Not found");
		assertThat(page.text()).contains("There is no publication").doesNotContain("Exception");
	}

	@Test
	void sendsAnonymousVisitorsToTheLoginPage() {
		TestClients.anonymous(this.port)
			.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.expectHeader()
			.location("/login");
	}

	@Test
	void refusesAComposeWithoutTheCsrfToken() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("title", "Forged");
		form.add("text", "Forged");
		this.client.post()
			.uri("/posts")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private Document get(String path) {
		return Jsoup.parse(this.client.get()
			.uri(path)
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private WebTestClient.ResponseSpec post(String path, MultiValueMap<String, String> form) {
		return this.client.post()
			.uri(path)
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	private static MultiValueMap<String, String> form(Document compose, String title, String text,
			List<String> channelIds) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("_csrf", csrfOf(compose.selectFirst("form[action=/posts]")));
		form.add("title", title);
		form.add("text", text);
		form.add("link", "");
		channelIds.forEach((id) -> form.add("channelIds", id));
		form.add("when", "now");
		form.add("date", "");
		form.add("time", "");
		form.add("zone", compose.select("#zone option[selected]").val());
		return form;
	}

	private static List<String> channelLabels(Document compose) {
		return compose.select("fieldset.channels .check label").eachText();
	}

	private static String channelId(Document compose, String name) {
		for (Element label : compose.select("fieldset.channels .check label")) {
			if (label.text().equals(name)) {
				return compose.getElementById(label.attr("for")).val();
			}
		}
		throw new AssertionError("No channel " + name + " in " + channelLabels(compose));
	}

	private static List<String> states(Document publication) {
		return publication.select("table.deliveries tbody td:nth-child(3)").eachText();
	}

	private static String csrfOf(Element form) {
		String token = form.select("input[name=_csrf]").val();
		assertThat(token).isNotBlank();
		return token;
	}

	private static String sessionOf(EntityExchangeResult<?> result, String current) {
		ResponseCookie cookie = result.getResponseCookies().getFirst("SESSION");
		if (cookie != null) {
			return cookie.getValue();
		}
		assertThat(current).as(HttpHeaders.SET_COOKIE).isNotNull();
		return current;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
