package org.hubben.connector.x.emulator;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.hubben.connector.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XEmulator} speaks X API v2 as a client on the wire sees it.
 */
class XEmulatorTests {

	private static final Instant START = Instant.parse("2026-11-21T14:04:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.X, "1234", null);

	private final String otherToken = this.tokens.issue(Platform.X, "5678", null);

	private XEmulator emulator;

	private EmulatorServer server;

	private WebTestClient client;

	@BeforeEach
	void start() {
		startWith(XEmulator.Limits.DEFAULT);
	}

	private void startWith(XEmulator.Limits limits) {
		if (this.server != null) {
			this.server.close();
		}
		this.emulator = new XEmulator(this.tokens, this.clock, limits);
		this.server = EmulatorServer.start(this.emulator);
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.X).toString())
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private WebTestClient.ResponseSpec post(String bearer, String text) {
		return this.client.post()
			.uri("/2/tweets")
			.headers((headers) -> headers.setBearerAuth(bearer))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", text))
			.exchange();
	}

	@Test
	void createsAPostWithANumericIdAndItsEditHistory() {
		post(this.token, "Hello https://home.example.org/p?utm_source=x").expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.data.id")
			.value(String.class, (id) -> assertThat(id).containsOnlyDigits().hasSizeGreaterThan(15))
			.jsonPath("$.data.text")
			.isEqualTo("Hello https://home.example.org/p?utm_source=x")
			.jsonPath("$.data.edit_history_tweet_ids.length()")
			.isEqualTo(1);
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.accountId()).isEqualTo("1234");
			assertThat(post.link()).isEqualTo("https://home.example.org/p?utm_source=x");
			assertThat(post.receivedAt()).isEqualTo(START);
		});
	}

	@Test
	void acceptsAPostAtTheWeightedLimit() {
		post(this.token, "漢".repeat(140)).expectStatus().isCreated().expectBody();
	}

	@Test
	void refusesAPostOverTheWeightedLimit() {
		post(this.token, "漢".repeat(141)).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Invalid Request")
			.jsonPath("$.type")
			.isEqualTo("https://api.x.com/2/problems/invalid-request")
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("282"));
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void countsEveryUrlAsTwentyThreeCharacters() {
		String url = "https://home.example.org/" + "a".repeat(200);
		post(this.token, "x".repeat(256) + " " + url).expectStatus().isCreated().expectBody();
	}

	@Test
	void refusesAPostWithoutText() {
		this.client.post()
			.uri("/2/tweets")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://api.x.com/2/problems/invalid-request");
	}

	@Test
	void answersAMissingTokenWithAnUnauthorizedProblem() {
		this.client.post()
			.uri("/2/tweets")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "hello"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""");
	}

	@Test
	void answersAForgedTokenWithAnUnauthorizedProblem() {
		post(this.token + "x", "hello").expectStatus().isUnauthorized().expectBody();
		post(this.tokens.issue(Platform.FACEBOOK, "1234", null), "hello").expectStatus().isUnauthorized().expectBody();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void answersARevokedTokenWithAnUnauthorizedProblem() {
		String revoked = this.tokens.issue(Platform.X, "999", Duration.ofHours(2));
		this.tokens.revoke(revoked);
		post(revoked, "hello").expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Unauthorized");
	}

	@Test
	void answersTheExpiredTokenFaultWithAnUnauthorizedProblemOnce() {
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		post(this.token, "hello").expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Unauthorized");
		post(this.token, "hello").expectStatus().isCreated().expectBody();
	}

	@Test
	void refusesTheSameTextTwiceForOneAccountOnly() {
		post(this.token, "Same words").expectStatus().isCreated().expectBody();
		post(this.token, "Same words").expectStatus().isForbidden().expectBody().json("""
				{"detail":"You are not allowed to create a Tweet with duplicate content.",
				"type":"about:blank","title":"Forbidden","status":403}""");
		post(this.otherToken, "Same words").expectStatus().isCreated().expectBody();
		assertThat(this.emulator.received()).hasSize(2);
	}

	@Test
	void sendsTheRateLimitHeadersWithEveryPost() {
		long windowReset = START.plus(Duration.ofMinutes(15)).getEpochSecond();
		long dayReset = START.plus(Duration.ofHours(24)).getEpochSecond();
		post(this.token, "first").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("x-rate-limit-limit", "100")
			.expectHeader()
			.valueEquals("x-rate-limit-remaining", "99")
			.expectHeader()
			.valueEquals("x-rate-limit-reset", String.valueOf(windowReset))
			.expectHeader()
			.valueEquals("x-app-limit-24hour-limit", "10000")
			.expectHeader()
			.valueEquals("x-app-limit-24hour-remaining", "9999")
			.expectHeader()
			.valueEquals("x-app-limit-24hour-reset", String.valueOf(dayReset))
			.expectBody();
	}

	@Test
	void refusesPostsOverTheFifteenMinuteLimitUntilTheWindowResets() {
		startWith(new XEmulator.Limits(2, 10_000));
		post(this.token, "one").expectStatus().isCreated().expectBody();
		post(this.token, "two").expectStatus().isCreated().expectBody();
		post(this.token, "three").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectHeader()
			.valueEquals("x-rate-limit-remaining", "0")
			.expectHeader()
			.valueEquals("x-rate-limit-reset", String.valueOf(START.plus(Duration.ofMinutes(15)).getEpochSecond()))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://api.x.com/2/problems/rate-limit-exceeded");
		post(this.otherToken, "three").expectStatus().isCreated().expectBody();
		this.clock.advance(Duration.ofMinutes(15));
		post(this.token, "three").expectStatus().isCreated().expectBody();
	}

	@Test
	void refusesPostsOverTheAppWideDailyLimitForEveryAccount() {
		startWith(new XEmulator.Limits(100, 1));
		post(this.token, "one").expectStatus().isCreated().expectBody();
		post(this.otherToken, "two").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-app-limit-24hour-remaining", "0")
			.expectHeader()
			.valueEquals("x-rate-limit-remaining", "100")
			.expectBody();
	}

	@Test
	void answersTheRateLimitFaultWithAResetOneMinuteAhead() {
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		post(this.token, "hello").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-rate-limit-reset", String.valueOf(START.plusSeconds(60).getEpochSecond()))
			.expectHeader()
			.valueEquals("x-rate-limit-remaining", "0")
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectBody();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void answersTheServerErrorFaultWith503AndCreatesNothing() {
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		post(this.token, "hello").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void createsThePostThenAnswers500OnAcceptThenError() {
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		post(this.token, "hello").expectStatus().isEqualTo(500).expectBody();
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void closesTheConnectionWithoutAnyResponseAfterCreatingThePostOnAcceptThenDrop() throws Exception {
		this.emulator.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		URI base = this.server.baseUrl(Platform.X);
		byte[] body = "{\"text\":\"dropped\"}".getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + base.getPath() + "/2/tweets HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
					+ "Authorization: Bearer " + this.token + "\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			assertThat(answer.size()).as("bytes answered before the close").isZero();
		}
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.text()).isEqualTo("dropped"));
	}

	@Test
	void showsAPostAndAnswersAnUnknownIdWithAResourceNotFoundError() {
		String id = createdId("findable");
		this.client.get()
			.uri("/2/tweets/{id}", id)
			.headers((headers) -> headers.setBearerAuth(this.otherToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("x-rate-limit-remaining")
			.expectBody()
			.jsonPath("$.data.id")
			.isEqualTo(id)
			.jsonPath("$.data.text")
			.isEqualTo("findable")
			.jsonPath("$.data.edit_history_tweet_ids[0]")
			.isEqualTo(id);
		this.client.get()
			.uri("/2/tweets/{id}", "42")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data")
			.doesNotExist()
			.json("""
					{"errors":[{"value":"42","detail":"Could not find tweet with id: [42].","title":"Not Found Error",
					"resource_type":"tweet","parameter":"id","resource_id":"42",
					"type":"https://api.twitter.com/2/problems/resource-not-found"}]}""");
	}

	@Test
	void requiresATokenToShowAPost() {
		this.client.get().uri("/2/tweets/{id}", "42").exchange().expectStatus().isUnauthorized().expectBody();
	}

	@Test
	void deletesAPostOnlyForItsOwner() {
		String id = createdId("to delete");
		this.client.delete()
			.uri("/2/tweets/{id}", id)
			.headers((headers) -> headers.setBearerAuth(this.otherToken))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody();
		this.client.delete()
			.uri("/2/tweets/{id}", id)
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"data\":{\"deleted\":true}}");
		this.client.get()
			.uri("/2/tweets/{id}", id)
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectBody()
			.jsonPath("$.errors[0].type")
			.isEqualTo("https://api.twitter.com/2/problems/resource-not-found");
	}

	@Test
	void servesAStatusPageWithTheTextEscaped() {
		String id = createdId("<script>alert('x')</script> & more");
		this.client.get()
			.uri("/i/web/status/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
				.doesNotContain("<script>"));
		this.client.get().uri("/i/web/status/{id}", "42").exchange().expectStatus().isNotFound().expectBody();
	}

	@Test
	void forgetsPostsAndFaultsOnReset() {
		createdId("before reset");
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		this.emulator.reset();
		assertThat(this.emulator.received()).isEmpty();
		assertThat(this.emulator.faults().pending()).isZero();
		post(this.token, "before reset").expectStatus().isCreated().expectBody();
	}

	@Test
	void issuesIncreasingIds() {
		long first = Long.parseLong(createdId("one"));
		long second = Long.parseLong(createdId("two"));
		assertThat(second).isGreaterThan(first);
	}

	@SuppressWarnings("unchecked")
	private String createdId(String text) {
		Map<String, Object> body = post(this.token, text).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((Map<String, Object>) body.get("data")).get("id").toString();
	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	private WebTestClient.ResponseSpec timeline(String bearer, String query) {
		return this.client.get()
			.uri("/2/users/1234/tweets?" + query)
			.headers((headers) -> headers.setBearerAuth(bearer))
			.exchange();
	}

	@Test
	@SuppressWarnings("unchecked")
	void listsAUsersPostsNewestFirstInPagesSinceTheStartTime() {
		post(this.token, "Before").expectStatus().isCreated().expectBody();
		this.clock.advance(Duration.ofSeconds(1));
		for (int i = 1; i <= 6; i++) {
			post(this.token, "Post " + i).expectStatus().isCreated().expectBody();
		}
		post(this.otherToken, "Someone else's").expectStatus().isCreated().expectBody();
		String since = START.plusSeconds(1).toString();
		Map<String, Object> first = timeline(this.token,
				"start_time=" + since + "&max_results=5&tweet.fields=created_at")
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("x-rate-limit-remaining")
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat((List<Map<String, Object>>) first.get("data")).extracting((post) -> post.get("text"))
			.containsExactly("Post 6", "Post 5", "Post 4", "Post 3", "Post 2");
		assertThat((List<Map<String, Object>>) first.get("data"))
			.allSatisfy((post) -> assertThat(post.get("created_at")).isEqualTo("2026-11-21T14:04:01.000Z"));
		String next = (String) ((Map<String, Object>) first.get("meta")).get("next_token");
		timeline(this.token, "start_time=" + since + "&max_results=5&pagination_token=" + next).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[*].text")
			.isEqualTo(List.of("Post 1"))
			.jsonPath("$.meta.result_count")
			.isEqualTo(1)
			.jsonPath("$.meta.next_token")
			.doesNotExist();
	}

	@Test
	void showsTimelineTextsAsXDoesWithLinksWrappedAndEscapes() {
		post(this.token, "Fish & chips https://home.example.org/menu").expectStatus().isCreated().expectBody();
		timeline(this.token, "max_results=5").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[0].text")
			.value(String.class, (text) -> assertThat(text).matches("Fish &amp; chips https://t\\.co/[A-Za-z0-9]{10}"));
	}

	@Test
	void refusesATimelineRequestWithoutATokenOrWithTooManyResults() {
		timeline("forged", "max_results=5").expectStatus().isUnauthorized().expectBody();
		timeline(this.token, "max_results=500").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://api.x.com/2/problems/invalid-request");
	}

}
