package org.hubben.connector.facebook.emulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.hubben.connector.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.connector.facebook.emulator.FacebookEmulator.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator over real HTTP, spoken to as a plain Graph API client would. */
class FacebookEmulatorTests {

	private static final String PAGE = "1000001";

	private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.FACEBOOK, PAGE, null);

	private FacebookEmulator emulator;

	private EmulatorServer server;

	private WebTestClient client;

	private void start(Limits limits) {
		this.emulator = new FacebookEmulator(this.tokens, Clock.fixed(NOW, ZoneOffset.UTC), limits);
		this.server = EmulatorServer.start(this.emulator);
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.FACEBOOK).toString())
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	private void start() {
		start(Limits.DEFAULTS);
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private static MultiValueMap<String, String> form(String... pairs) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			form.add(pairs[i], pairs[i + 1]);
		}
		return form;
	}

	private WebTestClient.ResponseSpec post(String path, MultiValueMap<String, String> form) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	private WebTestClient.ResponseSpec feed(String... pairs) {
		MultiValueMap<String, String> form = form(pairs);
		form.add("access_token", this.token);
		return post("/v26.0/" + PAGE + "/feed", form);
	}

	private String postId(WebTestClient.ResponseSpec response) {
		byte[] body = response.expectStatus().isOk().expectBody().returnResult().getResponseBody();
		return JsonMapper.shared().readTree(body).path("id").asString();
	}

	private static JsonNode header(WebTestClient.ResponseSpec response, String name) {
		// Reading the body through expectBody() releases its buffers; returnResult(Class)
		// would leave them to the caller and leak them.
		String value = response.expectBody().returnResult().getResponseHeaders().getFirst(name);
		assertThat(value).as(name).isNotNull();
		return JsonMapper.shared().readTree(value);
	}

	@Test
	void acceptsAFormPostOnVersionedAndUnversionedPathsWithPageScopedIds() {
		start();
		String first = postId(feed("message", "Hello", "link", "https://home.example.org/a"));
		String second = postId(post("/" + PAGE + "/feed", form("message", "Hello again", "access_token", this.token)));
		String third = postId(post("/v25.0/" + PAGE + "/feed", form("message", "Third", "access_token", this.token)));
		assertThat(first).startsWith(PAGE + "_");
		assertThat(second).startsWith(PAGE + "_").isNotEqualTo(first);
		assertThat(third).startsWith(PAGE + "_");
		assertThat(this.emulator.received()).extracting(ReceivedPost::remoteId).containsExactly(first, second, third);
		assertThat(this.emulator.received().get(0).link()).isEqualTo("https://home.example.org/a");
	}

	@Test
	void acceptsParametersInTheQueryStringAndTheTokenInAnAuthorizationHeader() {
		start();
		this.client.post()
			.uri((uri) -> uri.path("/v26.0/{page}/feed").queryParam("message", "From the query").build(PAGE))
			.header(HttpHeaders.AUTHORIZATION, "OAuth " + this.token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
		this.client.post()
			.uri("/v26.0/{page}/feed", PAGE)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form("message", "From the form")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
		assertThat(this.emulator.received()).extracting(ReceivedPost::text)
			.containsExactly("From the query", "From the form");
	}

	@Test
	void sendsAppAndBusinessUseCaseUsageWithEveryAnswer() {
		start(new Limits(4, Duration.ofMinutes(10), Duration.ofDays(30)));
		WebTestClient.ResponseSpec response = feed("message", "Counted");
		JsonNode app = header(response, "X-App-Usage");
		assertThat(app.path("call_count").asInt()).isEqualTo(25);
		assertThat(app.has("total_time")).isTrue();
		assertThat(app.has("total_cputime")).isTrue();
		JsonNode usage = header(response, "X-Business-Use-Case-Usage").path(PAGE).path(0);
		assertThat(usage.path("type").asString()).isEqualTo("pages");
		assertThat(usage.path("call_count").asInt()).isEqualTo(25);
		assertThat(usage.path("estimated_time_to_regain_access").asInt()).isZero();

		WebTestClient.ResponseSpec refused = feed();
		refused.expectStatus().isBadRequest();
		assertThat(header(refused, "X-Business-Use-Case-Usage").path(PAGE).path(0).path("call_count").asInt())
			.isEqualTo(50);
	}

	@Test
	void refusesWithCode32AndNamesTheWaitOnceThePageSpentItsHourlyBudget() {
		start(new Limits(2, Duration.ofMinutes(10), Duration.ofDays(30)));
		feed("message", "One").expectStatus().isOk().expectBody();
		feed("message", "Two").expectStatus().isOk().expectBody();
		WebTestClient.ResponseSpec refused = feed("message", "Three");
		refused.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(32)
			.jsonPath("$.error.message")
			.isEqualTo("(#32) Page request limit reached")
			.jsonPath("$.error.fbtrace_id")
			.isNotEmpty();
		JsonNode usage = header(refused, "X-Business-Use-Case-Usage").path(PAGE).path(0);
		assertThat(usage.path("call_count").asInt()).isEqualTo(100);
		assertThat(usage.path("estimated_time_to_regain_access").asInt()).isEqualTo(60);
		assertThat(this.emulator.received()).hasSize(2);
	}

	@Test
	void answersTheRateLimitFaultWithCode32AndAFiveMinuteWait() {
		start();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		WebTestClient.ResponseSpec refused = feed("message", "Throttled");
		refused.expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(32);
		assertThat(header(refused, "X-Business-Use-Case-Usage").path(PAGE)
			.path(0)
			.path("estimated_time_to_regain_access")
			.asInt()).isEqualTo(5);
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesAMissingOrForgedTokenWithCode190() {
		start();
		post("/v26.0/" + PAGE + "/feed", form("message", "No token")).expectStatus()
			.isBadRequest()
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(190)
			.jsonPath("$.error.type")
			.isEqualTo("OAuthException")
			.jsonPath("$.error.message")
			.isEqualTo("Invalid OAuth access token - Cannot parse access token");
		post("/v26.0/" + PAGE + "/feed", form("message", "Forged", "access_token", this.token + "x")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(190);
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesARevokedTokenWithCode190Subcode463() {
		start();
		this.tokens.revoke(this.token);
		feed("message", "Revoked").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(190)
			.jsonPath("$.error.error_subcode")
			.isEqualTo(463)
			.jsonPath("$.error.message")
			.value((message) -> assertThat((String) message).contains("Session has expired"));
	}

	@Test
	void refusesATokenIssuedForAnotherPageWithCode200() {
		start();
		String otherPage = this.tokens.issue(Platform.FACEBOOK, "2000002", null);
		post("/v26.0/" + PAGE + "/feed", form("message", "Not my page", "access_token", otherPage)).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(200)
			.jsonPath("$.error.message")
			.value((message) -> assertThat((String) message).startsWith("(#200)").contains("permission"));
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesAPostWithNeitherMessageNorLinkWithCode100() {
		start();
		feed("published", "true").expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(100);
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesTheSameMessageTwiceOnAPageWithCode506() {
		start();
		feed("message", "Once only").expectStatus().isOk().expectBody();
		feed("message", "Once only").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(506)
			.jsonPath("$.error.message")
			.isEqualTo("(#506) Duplicate status message");
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void storesAnUnpublishedPostAsDarkAndStillRecordsIt() {
		start();
		String id = postId(feed("message", "Only for the targeted audience", "published", "false"));
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.remoteId()).isEqualTo(id));
		this.client.get()
			.uri("/v26.0/{id}?fields=id,message,is_published", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_published")
			.isEqualTo(false)
			.jsonPath("$.message")
			.isEqualTo("Only for the targeted audience");
	}

	@Test
	void acceptsADarkPostWithTheTextOfAPublishedOne() {
		start();
		feed("message", "Said openly too").expectStatus().isOk().expectBody();
		feed("message", "Said openly too", "published", "false").expectStatus().isOk().expectBody();
		assertThat(this.emulator.received()).hasSize(2);
	}

	@Test
	void acceptsAScheduledPostOnlyUnpublishedAndInsideTheSchedulingWindow() {
		start();
		long inAnHour = NOW.plus(Duration.ofHours(1)).getEpochSecond();
		String scheduled = postId(
				feed("message", "In an hour", "published", "false", "scheduled_publish_time", Long.toString(inAnHour)));
		postId(feed("message", "In twenty days", "published", "false", "scheduled_publish_time",
				"2026-12-11T13:00:00+01:00"));
		feed("message", "Too soon", "published", "false", "scheduled_publish_time",
				Long.toString(NOW.plus(Duration.ofMinutes(5)).getEpochSecond()))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(100);
		feed("message", "Too late", "published", "false", "scheduled_publish_time",
				Long.toString(NOW.plus(Duration.ofDays(31)).getEpochSecond()))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(100);
		feed("message", "Published and scheduled", "scheduled_publish_time", Long.toString(inAnHour)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(100);
		assertThat(this.emulator.received()).extracting(ReceivedPost::text)
			.containsExactly("In an hour", "In twenty days");
		this.client.get()
			.uri("/{id}?access_token={token}", scheduled, this.token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_published")
			.isEqualTo(false)
			.jsonPath("$.scheduled_publish_time")
			.isEqualTo(inAnHour);
	}

	@Test
	void honoursAConfiguredSchedulingWindow() {
		start(new Limits(4800, Duration.ofMinutes(1), Duration.ofDays(180)));
		feed("message", "In five minutes", "published", "false", "scheduled_publish_time",
				Long.toString(NOW.plus(Duration.ofMinutes(5)).getEpochSecond()))
			.expectStatus()
			.isOk()
			.expectBody();
		feed("message", "In five months", "published", "false", "scheduled_publish_time",
				Long.toString(NOW.plus(Duration.ofDays(150)).getEpochSecond()))
			.expectStatus()
			.isOk()
			.expectBody();
	}

	@Test
	void answersAServerErrorFaultWithCode2AndCreatesNothing() {
		start();
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		feed("message", "Lost").expectStatus()
			.is5xxServerError()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(2)
			.jsonPath("$.error.is_transient")
			.isEqualTo(true);
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void createsThePostAndThenAnswersCode2OnAcceptThenError() {
		start();
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		feed("message", "Created anyway").expectStatus()
			.is5xxServerError()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(2);
		assertThat(this.emulator.received()).extracting(ReceivedPost::text).containsExactly("Created anyway");
	}

	@Test
	void readsAPostWithAnAbsolutePermalinkToTheEmulatorsPostPage() {
		start();
		String id = postId(feed("message", "Read me", "link", "https://home.example.org/r"));
		this.client.get()
			.uri("/v26.0/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id)
			.jsonPath("$.message")
			.isEqualTo("Read me")
			.jsonPath("$.link")
			.isEqualTo("https://home.example.org/r")
			.jsonPath("$.created_time")
			.isEqualTo("2026-11-21T12:00:00+0000")
			.jsonPath("$.is_published")
			.isEqualTo(true)
			.jsonPath("$.permalink_url")
			.isEqualTo(this.server.baseUrl(Platform.FACEBOOK) + "/posts/" + id);
	}

	@Test
	void answersCode100Subcode33ForAnUnknownPostOrAnotherPagesPost() {
		start();
		String id = postId(feed("message", "Mine"));
		String otherPage = this.tokens.issue(Platform.FACEBOOK, "2000002", null);
		for (String[] lookup : new String[][] { { PAGE + "_999", this.token }, { id, otherPage } }) {
			this.client.get()
				.uri("/v26.0/{id}", lookup[0])
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + lookup[1])
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.error.code")
				.isEqualTo(100)
				.jsonPath("$.error.error_subcode")
				.isEqualTo(33)
				.jsonPath("$.error.type")
				.isEqualTo("GraphMethodException")
				.jsonPath("$.error.message")
				.value((message) -> assertThat((String) message).contains("'" + lookup[0] + "' does not exist"));
		}
	}

	@Test
	void showsThePostAsAnHtmlPageWithItsTextEscaped() {
		start();
		String id = postId(feed("message", "<script>alert('x')</script> & more", "link", "https://home.example.org/"));
		String html = this.client.get()
			.uri("/posts/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
			.doesNotContain("<script>")
			.contains("https://home.example.org/");
		this.client.get().uri("/posts/{id}", PAGE + "_1").exchange().expectStatus().isNotFound().expectBody();
	}

	@Test
	void forgetsPostsAndFaultsOnReset() {
		start();
		feed("message", "Forgotten").expectStatus().isOk().expectBody();
		this.emulator.faults().inject(Fault.SERVER_ERROR, 2);
		this.emulator.reset();
		assertThat(this.emulator.received()).isEmpty();
		assertThat(this.emulator.faults().pending()).isZero();
		feed("message", "Forgotten").expectStatus().isOk().expectBody();
	}

	@Test
	void listsThePagesPublishedPostsNewestFirstInPagesThatFollowPagingNext() {
		start();
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			ids.add(postId(feed("message", "Post " + i)));
		}
		feed("message", "Dark", "published", "false").expectStatus().isOk().expectBody();
		byte[] first = this.client.get()
			.uri("/v26.0/" + PAGE + "/posts?since=" + NOW.getEpochSecond() + "&limit=2&fields=id,message,created_time")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		JsonNode page = JsonMapper.shared().readTree(first);
		List<String> messages = new java.util.ArrayList<>();
		page.path("data").forEach((post) -> messages.add(post.path("message").asString()));
		assertThat(messages).containsExactly("Post 3", "Post 2");
		assertThat(page.path("data").path(0).path("created_time").asString()).isEqualTo("2026-11-21T12:00:00+0000");
		String next = page.path("paging").path("next").asString();
		assertThat(next).startsWith(this.server.baseUrl(Platform.FACEBOOK).toString()).doesNotContain(this.token);
		this.client.get()
			.uri(URI.create(next))
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[*].id")
			.isEqualTo(List.of(ids.get(0)))
			.jsonPath("$.paging.next")
			.doesNotExist();
		this.client.get()
			.uri("/v26.0/" + PAGE + "/posts?since=" + NOW.plusSeconds(1).getEpochSecond())
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.length()")
			.isEqualTo(0);
	}

	@Test
	void refusesToListAnotherPagesPostsOrWithoutAToken() {
		start();
		this.client.get()
			.uri("/v26.0/2000002/posts")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(200);
		this.client.get()
			.uri("/v26.0/" + PAGE + "/videos")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(190);
	}

}
