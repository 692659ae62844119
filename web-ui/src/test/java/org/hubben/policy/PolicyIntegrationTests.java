package org.hubben.policy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.publishing.PublishingFlow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ethics rules of seed 004 as a person meets them through the API and the pages: each
 * refusal says why.
 */
@HubbenIntegrationTest
class PolicyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private WebTestClient api;

	private WebTestClient browser;

	private String session;

	private PublishingFlow flow;

	private UUID centre;

	private String centreName;

	private UUID extraChannel;

	@BeforeEach
	void setUp() {
		this.api = TestClients.admin(this.port);
		this.browser = TestClients.anonymous(this.port);
		this.session = org.hubben.web.PolicyPages.logIn(this.port);
		this.flow = new PublishingFlow(this.api, List.of());
		this.centre = this.jdbc.sql("select id from organisation where parent_id is null order by created_at")
			.query(UUID.class)
			.list()
			.get(0);
		this.centreName = this.jdbc.sql("select name from organisation where id = ?")
			.param(this.centre)
			.query(String.class)
			.single();
	}

	@AfterEach
	void cleanUp() {
		this.jdbc.sql("update organisation set sender_line = null").update();
		if (this.extraChannel != null) {
			this.jdbc.sql("delete from delivery where channel_id = ?").param(this.extraChannel).update();
			this.jdbc.sql("delete from channel where id = ?").param(this.extraChannel).update();
			this.extraChannel = null;
		}
	}

	/**
	 * An X channel of the centre, verified or not, that nothing can really publish on.
	 */
	private UUID addChannel(String name, boolean verified) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc
			.sql("insert into channel (id, organisation_id, platform, name, account_id, credentials, status, created_at, "
					+ "verified_by, verified_at, verified_account_name) values (?, ?, 'X', ?, ?, 'unused', 'CONNECTED', ?, ?, ?, ?)")
			.params(id, this.centre, name, id.toString(), now, verified ? "admin" : null, verified ? now : null,
					verified ? name : null)
			.update();
		this.extraChannel = id;
		return id;
	}

	@Test
	void refusesToScheduleOnAChannelNobodyVerifiedAsTheOrganisationsOwn() {
		UUID channel = addChannel("@not_ours", false);
		Object postId = this.flow.compose("Not ours", "Spoken in someone else's name?", null).get("id");
		Map<?, ?> problem = this.api.post()
			.uri("/api/posts/{id}/publications", postId)
			.bodyValue(Map.of("channelIds", List.of(channel)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(((Map<?, ?>) problem.get("errors")).get("channelIds")).isEqualTo("@not_ours is not verified as "
				+ this.centreName + "'s own: connect it through X and confirm the account");
		assertThat(this.jdbc.sql("select count(*) from delivery where channel_id = ?")
			.param(channel)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void failsADeliveryWhoseChannelIsNotVerifiedWhenItsTimeComes() throws InterruptedException {
		UUID channel = addChannel("@was_ours", true);
		Object postId = this.flow.compose("Was ours", "Verified when it was scheduled", null).get("id");
		Map<String, Object> publication = this.flow.schedule(postId, List.of(channel), Instant.now().plusSeconds(3));
		this.jdbc.sql("update channel set verified_by = null, verified_at = null where id = ?").param(channel).update();
		Map<String, Object> finished = this.flow.awaitFinished(publication.get("id"), Duration.ofSeconds(30));
		Map<String, Object> delivery = ((List<Map<String, Object>>) finished.get("deliveries")).get(0);
		assertThat(delivery.get("state")).isEqualTo("FAILED");
		assertThat(delivery.get("error")).isEqualTo("@was_ours is not verified as " + this.centreName
				+ "'s own: connect it through X and confirm the account. Nothing was sent.");
	}

	@Test
	void theChannelsPageSaysWhoVerifiedEachChannelAndWhichAreNot() {
		UUID channel = addChannel("@unconfirmed", false);
		Document page = page("/channels");
		Element unverified = page.getElementById("channel-" + channel);
		assertThat(unverified.select(".verification").text()).isEqualTo("Not verified — reconnect");
		assertThat(unverified.select("form.reconnect button").text()).isEqualTo("Reconnect");
		UUID demoX = this.flow.channelIds(Platform.FACEBOOK).get(0);
		String today = LocalDate.now(ZoneId.of("Europe/Stockholm")).toString();
		assertThat(page.getElementById("channel-" + demoX).select(".verification").text())
			.matches("Verified by admin on \\d{4}-\\d{2}-\\d{2} as Hubben Demo \\(Facebook Page\\)");
		assertThat(today).isNotBlank();
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyVariantCarriesTheSenderLineTheAdministratorSetAndXOnlyWhenItFits() {
		Document settings = page("/settings/organisation");
		assertThat(settings.select("label[for=sender-line]").text()).isEqualTo("Sender line");
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("_csrf", settings.select("form[action=/settings/organisation] input[name=_csrf]").val());
		form.add("senderLine", "Published by Hubben's communications team");
		this.browser.post()
			.uri("/settings/organisation")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.is3xxRedirection();
		assertThat(page("/settings/organisation").select("#sender-line").val())
			.isEqualTo("Published by Hubben's communications team");

		Map<String, Object> variants = (Map<String, Object>) preview("A short text").get("variants");
		for (String platform : List.of("facebook", "youtube", "flickr", "x")) {
			Map<String, Object> variant = (Map<String, Object>) variants.get(platform);
			assertThat((String) variant.get("text")).as(platform)
				.endsWith("\n\nPublished by Hubben's communications team");
			assertThat(variant.get("senderLine")).isEqualTo("Published by Hubben's communications team");
		}
		Map<String, Object> longX = (Map<String, Object>) ((Map<String, Object>) preview("word ".repeat(60))
			.get("variants")).get("x");
		assertThat((String) longX.get("text")).doesNotContain("communications team");
		assertThat(longX.get("senderLineLeftOut")).isEqualTo(true);
		Map<String, Object> longFacebook = (Map<String, Object>) ((Map<String, Object>) preview("word ".repeat(60))
			.get("variants")).get("facebook");
		assertThat((String) longFacebook.get("text")).endsWith("communications team");

		MultiValueMap<String, String> tooLong = new LinkedMultiValueMap<>();
		tooLong.add("_csrf", settings.select("form[action=/settings/organisation] input[name=_csrf]").val());
		tooLong.add("senderLine", "x".repeat(201));
		Document refused = Jsoup.parse(this.browser.post()
			.uri("/settings/organisation")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromFormData(tooLong))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.select("#sender-line-error").text()).isEqualTo("The sender line has at most 200 characters");
		assertThat(refused.select("#sender-line").val()).isEqualTo("x".repeat(201));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aPostThatStatesFactsIsScheduledOnlyOnceItsChecklistIsConfirmed() {
		Map<?, ?> badSource = this.api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Budget", "text", "Schools get 250 million", "sources", List.of("ftp://x.org")))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(((Map<?, ?>) badSource.get("errors")).get("sources"))
			.isEqualTo("Source 1: A link must start with http:// or https://");

		Map<String, Object> post = this.api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Budget", "text", "Schools get 250 million kronor, 12 % more than last year.",
					"sources", List.of("https://example.org/budget")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(post.get("sources")).isEqualTo(List.of("https://example.org/budget"));
		Map<String, Object> checklist = this.api.get()
			.uri("/api/posts/{id}/checklist", post.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(checklist.get("needsChecking")).isEqualTo(true);
		assertThat((List<Map<String, Object>>) checklist.get("items")).extracting((item) -> item.get("kind"))
			.containsExactly("source", "figure", "figure", "own_name", "open_first");

		List<UUID> facebook = this.flow.channelIds(Platform.FACEBOOK);
		Map<?, ?> unchecked = this.api.post()
			.uri("/api/posts/{id}/publications", post.get("id"))
			.bodyValue(Map.of("channelIds", facebook, "at", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((String) ((Map<?, ?>) unchecked.get("errors")).get("factsChecked"))
			.startsWith("This post states facts: go through its fact checklist");
		Map<String, Object> scheduled = this.api.post()
			.uri("/api/posts/{id}/publications", post.get("id"))
			.bodyValue(Map.of("channelIds", facebook, "at", Instant.now().plusSeconds(3600).toString(), "factsChecked",
					true))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Document publicationPage = page("/publications/" + scheduled.get("id"));
		assertThat(publicationPage.select(".sources a").eachText()).containsExactly("https://example.org/budget");
		this.flow.cancel(scheduled.get("id"));
	}

	@Test
	void theComposePageAsksForEveryChecklistItemAndKeepsWhatWasTyped() {
		Document compose = page("/posts/new");
		assertThat(compose.select("#fact-checklist legend").text()).isEqualTo("Before it goes out");
		String channel = compose.select("fieldset.channels input[name=channelIds]").first().val();
		String text = "Turnout rose to 87 % in 2022.";
		Document refused = Jsoup.parse(this.browser.post()
			.uri("/posts")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromMultipartData(form(compose, text, channel, List.of()).build()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.select("#factsChecked-error").text())
			.isEqualTo("Tick each item of the checklist once you have checked it: this post states facts");
		assertThat(refused.select("#text").text()).isEqualTo(text);
		assertThat(refused.select("#sources").text()).isEqualTo("https://example.org/turnout");
		List<String> items = refused.select("#fact-checklist input[name=facts]").eachAttr("value");
		assertThat(items).contains("The figure “87 %” is right: check it against the sources",
				"The date “2022” is right: check it against the sources");
		this.browser.post()
			.uri("/posts")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromMultipartData(form(compose, text, channel, items).build()))
			.exchange()
			.expectStatus()
			.is3xxRedirection();
	}

	private static MultipartBodyBuilder form(Document compose, String text, String channelId, List<String> facts) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("_csrf", compose.selectFirst("form[action=/posts] input[name=_csrf]").val());
		form.part("title", "Turnout");
		form.part("text", text);
		form.part("link", "");
		form.part("sources", "https://example.org/turnout");
		form.part("channelIds", channelId);
		form.part("when", "later");
		form.part("date", LocalDate.now().plusDays(30).toString());
		form.part("time", "08:30");
		form.part("zone", compose.select("#zone option[selected]").val());
		facts.forEach((fact) -> form.part("facts", fact));
		return form;
	}

	private Map<String, Object> preview(String text) {
		return this.api.post()
			.uri("/api/posts/preview")
			.bodyValue(Map.of("title", "Preview", "text", text))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private Document page(String path) {
		return Jsoup.parse(this.browser.get()
			.uri(path)
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

}
