package org.hubben.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BooleanSupplier;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.publishing.PublishingFlow;
import org.hubben.webhook.Signatures;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound webhooks end to end: a real HTTP receiver (Reactor Netty) on localhost, which
 * this context allow-lists, gets signed events for composed posts and delivery changes; a
 * 500 from it is retried, attempts that run out fail; the log shows each call; the page's
 * "send test event" button works; and a private address that is not allow-listed is
 * refused.
 *
 * <p>
 * The context has a database of its own (the receiver's port is only known at start-up,
 * so the allow-list differs from the shared context's) and short retry waits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.scheduler-name=hubben-webhooks-test",
				"spring.datasource.url=jdbc:h2:mem:hubben-webhooks-test;DB_CLOSE_DELAY=-1;${hubben.h2-options}",
				"spring.r2dbc.url=r2dbc:h2:mem:///hubben-webhooks-test?options=DB_CLOSE_DELAY=-1;${hubben.h2-options}",
				"hubben.webhooks.first-retry=300ms", "hubben.webhooks.max-retry=1s", "hubben.webhooks.max-attempts=3",
				"hubben.webhooks.poll-interval=200ms" })
@ActiveProfiles("test")
class WebhooksIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Map<String, Deque<Integer>> plannedAnswers = new ConcurrentHashMap<>();

	private static final Map<String, List<Received>> received = new ConcurrentHashMap<>();

	private static DisposableServer receiver;

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	JsonMapper json;

	private WebTestClient api;

	@DynamicPropertySource
	static void allowTheReceiver(DynamicPropertyRegistry registry) {
		if (receiver == null) {
			receiver = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.route((routes) -> routes.post("/hooks/{name}", (request, response) -> {
					String name = request.param("name");
					return request.receive()
						.aggregate()
						.asString(StandardCharsets.UTF_8)
						.defaultIfEmpty("")
						.flatMap((body) -> {
							received.computeIfAbsent(name, (key) -> Collections.synchronizedList(new ArrayList<>()))
								.add(new Received(request.requestHeaders().get("X-Hubben-Event"),
										request.requestHeaders().get("X-Hubben-Delivery"),
										request.requestHeaders().get("X-Hubben-Timestamp"),
										request.requestHeaders().get("X-Hubben-Signature"), body));
							Integer planned = plannedAnswers.getOrDefault(name, new ConcurrentLinkedDeque<>()).poll();
							return response.status(HttpResponseStatus.valueOf((planned != null) ? planned : 204))
								.send()
								.then();
						})
						.then();
				}))
				.bindNow();
		}
		registry.add("hubben.webhooks.allowed-hosts", () -> "localhost:" + receiver.port());
	}

	@AfterAll
	static void stopTheReceiver() {
		if (receiver != null) {
			receiver.disposeNow();
			receiver = null;
		}
	}

	@BeforeEach
	void client() {
		this.api = TestClients.admin(this.port);
	}

	@Test
	void refusesEndpointsOnPrivateNetworksOrWithoutHttpsAndSavesNothing() {
		for (String url : List.of("http://127.0.0.1/hooks/x", "https://10.1.2.3/hooks/x",
				"https://169.254.169.254/latest", "https://[::1]/hooks/x")) {
			Map<String, Object> problem = addExpecting(url, List.of("post.composed"), HttpStatus.BAD_REQUEST);
			assertThat(errors(problem).get("url")).as(url).contains("private networks");
		}
		assertThat(errors(addExpecting("http://example.org/hooks/x", List.of("post.composed"), HttpStatus.BAD_REQUEST))
			.get("url")).contains("https://");
		// The allow-list names the receiver's port: another port on the same host is
		// refused.
		assertThat(errors(
				addExpecting("http://localhost:" + (receiver.port() == 65535 ? 1 : receiver.port() + 1) + "/hooks/x",
						List.of("post.composed"), HttpStatus.BAD_REQUEST))
			.get("url")).isNotBlank();
		assertThat(errors(addExpecting(hook("x"), List.of("post.sent"), HttpStatus.BAD_REQUEST)).get("events"))
			.contains("Unknown event post.sent");
		assertThat(errors(addExpecting(hook("x"), List.of(), HttpStatus.BAD_REQUEST))).containsKey("events");
		List<?> endpoints = this.api.get()
			.uri("/api/webhooks")
			.exchange()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		assertThat(endpoints).isEmpty();
	}

	@Test
	void postsASignedEventWhenAPostIsComposedAndRetriesAfterA500() throws InterruptedException {
		plan("composed", 500);
		Map<String, Object> endpoint = addExpecting(hook("composed"), List.of("post.composed"), HttpStatus.CREATED);
		String secret = (String) endpoint.get("secret");
		assertThat(secret).startsWith("whsec_");
		Map<String, Object> post = new PublishingFlow(this.api, this.emulators).compose("Webhooks are here",
				"Signed and retried", null);

		await(() -> received("composed").size() >= 2);
		List<Received> calls = received("composed");
		assertThat(calls).hasSize(2);
		for (Received call : calls) {
			assertThat(call.event()).isEqualTo("post.composed");
			assertThat(call.delivery()).isEqualTo(calls.get(0).delivery());
			assertThat(Signatures.verify(secret, Long.parseLong(call.timestamp()), call.body(), call.signature()))
				.as("signature of " + call)
				.isTrue();
			assertThat(
					Signatures.verify("whsec_wrong", Long.parseLong(call.timestamp()), call.body(), call.signature()))
				.isFalse();
			assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(call.timestamp()))).isLessThan(120);
		}
		Map<String, Object> body = this.json.readValue(calls.get(1).body(), Map.class);
		assertThat(body).containsEntry("type", "post.composed");
		assertThat((Map<String, Object>) body.get("data")).containsEntry("postId", post.get("id"))
			.containsEntry("title", "Webhooks are here");

		Map<String, Object> logged = awaitCall(endpoint.get("id"), "DELIVERED");
		assertThat(logged).containsEntry("attempts", 2)
			.containsEntry("statusCode", 204)
			.containsEntry("event", "post.composed")
			.containsEntry("id", calls.get(0).delivery());
	}

	@Test
	void failsACallWhoseAttemptsRunOutWithTheLastAnswerInTheLog() throws InterruptedException {
		plan("down", 503, 500, 502);
		Map<String, Object> endpoint = addExpecting(hook("down"), List.of("post.composed"), HttpStatus.CREATED);
		new PublishingFlow(this.api, this.emulators).compose("Nobody listens", "The endpoint is down", null);

		Map<String, Object> failed = awaitCall(endpoint.get("id"), "FAILED");
		assertThat(failed).containsEntry("attempts", 3).containsEntry("statusCode", 502);
		assertThat((String) failed.get("error")).contains("502").contains("gave up after 3 attempts");
		assertThat(received("down")).hasSize(3);
	}

	@Test
	void sendsDeliveryEventsWithTheRemoteUrlOnceThePlatformTookThePost() throws InterruptedException {
		Map<String, Object> endpoint = addExpecting(hook("sent"), List.of("delivery.sent", "delivery.failed"),
				HttpStatus.CREATED);
		PublishingFlow flow = new PublishingFlow(this.api, this.emulators);
		Map<String, Object> post = flow.compose("Delivery events", "Watch the webhook " + UUID.randomUUID(), null);
		Map<String, Object> publication = flow.schedule(post.get("id"), flow.channelIds(Platform.X), null);

		await(() -> !received("sent").isEmpty());
		Received call = received("sent").get(0);
		assertThat(call.event()).isEqualTo("delivery.sent");
		assertThat(Signatures.verify((String) endpoint.get("secret"), Long.parseLong(call.timestamp()), call.body(),
				call.signature()))
			.isTrue();
		Map<String, Object> data = (Map<String, Object>) this.json.readValue(call.body(), Map.class).get("data");
		assertThat(data).containsEntry("postId", post.get("id"))
			.containsEntry("publicationId", publication.get("id"))
			.containsEntry("platform", "x")
			.containsEntry("state", "SENT");
		assertThat((String) data.get("remoteUrl")).isNotBlank();
	}

	@Test
	void theSendTestEventButtonSendsAPingThatTheLogShows() throws InterruptedException {
		Map<String, Object> endpoint = addExpecting(hook("ping"), List.of("delivery.failed"), HttpStatus.CREATED);
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		Document list = browser.page("/settings/webhooks");
		Element link = list.selectFirst("#endpoint-" + endpoint.get("id") + " a");
		assertThat(link).isNotNull();
		Document page = browser.page(link.attr("href"));
		assertThat(page.select("table.webhook-log")).isEmpty();

		Element button = page.selectFirst("form#send-test-event");
		assertThat(button).isNotNull();
		String location = browser.submitAndFollow(button, new LinkedMultiValueMap<>(), HttpStatus.SEE_OTHER).toString();
		await(() -> !received("ping").isEmpty());
		assertThat(received("ping").get(0).event()).isEqualTo("ping");
		awaitCall(endpoint.get("id"), "DELIVERED");

		Document after = browser.page(location);
		assertThat(after.select("[role=status]").text()).contains("test event");
		Element row = after.selectFirst("table.webhook-log tbody tr");
		assertThat(row).isNotNull();
		assertThat(row.text()).contains("ping").contains("DELIVERED").contains("204");
	}

	@Test
	void anAdministratorAddsAnEndpointOnThePageAndSeesItsSecretOnce() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		Element form = browser.page("/settings/webhooks").selectFirst("form#add-webhook");
		LinkedMultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("url", "http://127.0.0.1/hooks/private");
		fields.add("events", "post.composed");
		Document refused = org.jsoup.Jsoup.parse(browser.submit(form, fields)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.select("#url-error").text()).contains("private networks");
		assertThat(refused.select("input[name=events][checked]")).hasSize(1);

		fields.set("url", hook("page"));
		Document added = org.jsoup.Jsoup.parse(browser.submit(form, fields)
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		String secret = added.select("#webhook-secret").text();
		assertThat(secret).startsWith("whsec_");
		assertThat(browser.page("/settings/webhooks").html()).doesNotContain(secret);
	}

	private Map<String, Object> addExpecting(String url, List<String> events, HttpStatus status) {
		return this.api.post()
			.uri("/api/webhooks")
			.bodyValue(Map.of("url", url, "events", events))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> awaitCall(Object endpointId, String state) throws InterruptedException {
		Instant deadline = Instant.now().plus(PATIENCE);
		List<Map<String, Object>> calls = List.of();
		while (Instant.now().isBefore(deadline)) {
			calls = this.api.get()
				.uri("/api/webhooks/{id}/calls", endpointId)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(List.class)
				.returnResult()
				.getResponseBody();
			if (!calls.isEmpty() && state.equals(calls.get(0).get("state"))) {
				return calls.get(0);
			}
			Thread.sleep(100);
		}
		throw new AssertionError("No call " + state + " within " + PATIENCE + ": " + calls);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> errors(Map<String, Object> problem) {
		return (Map<String, String>) problem.get("errors");
	}

	private static String hook(String name) {
		return "http://localhost:" + receiver.port() + "/hooks/" + name;
	}

	private static void plan(String name, Integer... statuses) {
		plannedAnswers.put(name, new ConcurrentLinkedDeque<>(List.of(statuses)));
	}

	private static List<Received> received(String name) {
		List<Received> calls = received.get(name);
		return (calls != null) ? List.copyOf(calls) : List.of();
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(PATIENCE);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Not within " + PATIENCE);
			}
			Thread.sleep(50);
		}
	}

	record Received(String event, String delivery, String timestamp, String signature, String body) {

	}

}
