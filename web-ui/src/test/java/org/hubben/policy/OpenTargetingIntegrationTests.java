package org.hubben.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.publishing.PublishingFlow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule 3 of seed 004 through the API: a targeted ("dark") Facebook post goes out only
 * alongside the same post published openly, unpublished on the Page and linking to the
 * open post.
 */
@HubbenIntegrationTest
class OpenTargetingIntegrationTests {

	private static final Map<String, Object> AUDIENCE = Map.of("countries", List.of("SE"), "ageMin", 18, "ageMax", 35);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	EmulatorTokens tokens;

	private WebTestClient api;

	private PublishingFlow flow;

	private UUID facebook;

	@BeforeEach
	void setUp() {
		this.api = TestClients.admin(this.port);
		this.flow = new PublishingFlow(this.api, this.emulators);
		this.facebook = this.flow.channelIds(Platform.FACEBOOK).get(0);
	}

	private Object compose(String marker) {
		return this.flow.compose("Dark " + marker, "Our view on the railway, said openly too: " + marker, null)
			.get("id");
	}

	private WebTestClient.ResponseSpec schedule(Object postId, List<UUID> channels, Instant at,
			Map<String, Object> targeting) {
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("channelIds", channels);
		body.put("factsChecked", true);
		if (at != null) {
			body.put("at", at.toString());
		}
		if (targeting != null) {
			body.put("targeting", targeting);
		}
		return this.api.post().uri("/api/posts/{id}/publications", postId).bodyValue(body).exchange();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> created(WebTestClient.ResponseSpec response) {
		return response.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> errors(WebTestClient.ResponseSpec response) {
		Map<String, Object> problem = response.expectStatus()
			.isBadRequest()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (Map<String, Object>) problem.get("errors");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> delivery(Map<String, Object> publication) {
		return ((List<Map<String, Object>>) publication.get("deliveries")).get(0);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> onFacebook(String remoteId) {
		String page = this.jdbc.sql("select account_id from channel where id = ?")
			.param(this.facebook)
			.query(String.class)
			.single();
		return TestClients.anonymous(this.port)
			.get()
			.uri("/emulator/facebook/v26.0/{post}?fields=is_published,targeting,link&access_token={token}", remoteId,
					this.tokens.issue(Platform.FACEBOOK, page, null))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void refusesATargetedPostThatIsNotPublishedOpenly() {
		Object postId = compose("alone-" + UUID.randomUUID());
		Map<String, Object> errors = errors(
				schedule(postId, List.of(this.facebook), Instant.parse("2099-05-01T08:00:00Z"), AUDIENCE));
		assertThat(errors).containsEntry("targeting",
				"A targeted post must also be published openly: schedule this post openly first, at or before "
						+ "2099-05-01 10:00 CEST");
		assertThat(this.jdbc.sql("select count(*) from publication where post_id = ?")
			.param(UUID.fromString(postId.toString()))
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void refusesATargetedPostOnAnythingButFacebookAndAnAudienceOutOfRange() {
		Object postId = compose("x-" + UUID.randomUUID());
		List<UUID> both = this.flow.channelIds(Platform.FACEBOOK, Platform.X);
		assertThat(errors(schedule(postId, both, null, AUDIENCE)).get("channelIds").toString())
			.startsWith("A targeted (dark) post goes only to Facebook channels; leave out ");
		Map<String, Object> errors = errors(schedule(postId, List.of(this.facebook), null,
				Map.of("countries", List.of("Sweden"), "ageMin", 12, "ageMax", 70)));
		assertThat(errors).containsKeys("targeting.countries", "targeting.ageMin", "targeting.ageMax");
	}

	@Test
	void sendsATargetedPostUnpublishedAlongsideTheOpenOneAndLinkingToIt() throws InterruptedException {
		String marker = "both-" + UUID.randomUUID();
		Object postId = compose(marker);
		Map<String, Object> open = this.flow.awaitFinished(
				created(schedule(postId, List.of(this.facebook), null, null)).get("id"), Duration.ofSeconds(30));
		assertThat(delivery(open)).containsEntry("state", "SENT");
		Map<String, Object> targeted = created(schedule(postId, List.of(this.facebook), null, AUDIENCE));
		assertThat(targeted).containsEntry("targeted", true);
		Map<String, Object> sent = delivery(this.flow.awaitFinished(targeted.get("id"), Duration.ofSeconds(30)));
		assertThat(sent).containsEntry("state", "SENT");
		Map<String, Object> dark = onFacebook((String) sent.get("remoteId"));
		assertThat(dark).containsEntry("is_published", false)
			.containsEntry("link", delivery(open).get("remoteUrl"))
			.containsEntry("targeting",
					Map.of("geo_locations", Map.of("countries", List.of("SE")), "age_min", 18, "age_max", 35));
		assertThat(onFacebook((String) delivery(open).get("remoteId"))).containsEntry("is_published", true)
			.doesNotContainKey("targeting");
	}

	@Test
	void failsATargetedPostWhoseOpenPostWasCancelledBeforeItsTime() throws InterruptedException {
		Object postId = compose("cancelled-" + UUID.randomUUID());
		Instant at = Instant.now().plusSeconds(4);
		Map<String, Object> open = created(schedule(postId, List.of(this.facebook), at, null));
		Map<String, Object> targeted = created(schedule(postId, List.of(this.facebook), at, AUDIENCE));
		this.flow.cancel(open.get("id"));
		Map<String, Object> failed = delivery(this.flow.awaitFinished(targeted.get("id"), Duration.ofSeconds(30)));
		assertThat(failed).containsEntry("state", "FAILED");
		assertThat((String) failed.get("error"))
			.startsWith("A targeted post must also be published openly: schedule this post openly first, at or before ")
			.endsWith(". Nothing was sent.");
	}

	@Test
	void refusesToMoveATargetedPostAheadOfItsOpenPostAndKeepsItsTargetingWhenMoved() {
		Object postId = compose("moved-" + UUID.randomUUID());
		Instant at = Instant.now().plus(Duration.ofHours(2));
		Map<String, Object> open = created(schedule(postId, List.of(this.facebook), at, null));
		Map<String, Object> targeted = created(schedule(postId, List.of(this.facebook), at, AUDIENCE));
		this.api.patch()
			.uri("/api/publications/{id}", targeted.get("id"))
			.bodyValue(Map.of("at", at.minus(Duration.ofHours(1)).toString()))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("A targeted post must also be published openly"));
		this.api.patch()
			.uri("/api/publications/{id}", targeted.get("id"))
			.bodyValue(Map.of("at", at.plus(Duration.ofHours(1)).toString()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.targeted")
			.isEqualTo(true);
		this.flow.cancel(targeted.get("id"));
		this.flow.cancel(open.get("id"));
	}

	@Test
	void theComposePageShowsTargetingMistakesAndTheRuleBesideTheFieldsKeepingWhatWasTyped() {
		String session = org.hubben.web.PolicyPages.logIn(this.port);
		WebTestClient browser = TestClients.anonymous(this.port);
		Document compose = Jsoup.parse(browser.get()
			.uri("/posts/new")
			.cookie("SESSION", session)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(compose.select("fieldset#targeting legend").text()).isEqualTo("Target on Facebook (dark post)");
		Document mistyped = refusedPage(browser, session, form(compose, "Sweden", "10"));
		assertThat(mistyped.select("#targetCountries-error").text()).startsWith("Not a two-letter country code");
		assertThat(mistyped.select("#targetAgeMin-error").text()).isEqualTo("The youngest age must be from 13 to 65");
		assertThat(mistyped.select("#targetCountries").val()).isEqualTo("Sweden");
		assertThat(mistyped.select("#targeted").hasAttr("checked")).isTrue();
		Document alone = refusedPage(browser, session, form(compose, "se, no", "18"));
		assertThat(alone.select("#targeting-error").text())
			.startsWith("A targeted post must also be published openly: schedule this post openly first");
	}

	private static Document refusedPage(WebTestClient browser, String session, MultipartBodyBuilder form) {
		return Jsoup.parse(browser.post()
			.uri("/posts")
			.cookie("SESSION", session)
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private MultipartBodyBuilder form(Document compose, String countries, String youngest) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("_csrf", compose.selectFirst("form[action=/posts] input[name=_csrf]").val());
		form.part("title", "Dark from the page");
		form.part("text", "Said to a few, and openly too " + UUID.randomUUID().toString().replaceAll("[0-9]", "x"));
		form.part("link", "");
		form.part("channelIds", this.facebook.toString());
		form.part("when", "now");
		form.part("zone", compose.select("#zone option[selected]").val());
		form.part("targeted", "true");
		form.part("targetCountries", countries);
		form.part("targetAgeMin", youngest);
		form.part("targetAgeMax", "65");
		return form;
	}

}
