package org.hubben.web;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.publishing.PublishingFlow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drafts on the pages: "Save as draft" on the compose page, the edit page with its
 * messages beside each field and nothing typed lost, the dashboard's drafts, and another
 * organisation's post, which can be neither opened nor changed.
 */
@HubbenIntegrationTest
class DraftPagesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private WebTestClient client;

	private String session;

	@BeforeEach
	void logIn() {
		this.client = SignedInBrowser.client("http://127.0.0.1:" + this.port);
		this.session = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD).session();
	}

	@Test
	void savesADraftWithoutChannelsAndListsItOnTheDashboard() {
		Document compose = get("/posts/new");
		assertThat(compose.getElementById("save-draft").text()).isEqualTo("Save as draft");
		String title = "Draft " + UUID.randomUUID();
		MultipartBodyBuilder form = form(compose, title, "Not ready yet", "draft");
		String location = post("/posts", form).expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		assertThat(location).matches("/posts/[0-9a-f-]{36}/edit\\?saved=true");
		Document edit = get(location);
		assertThat(edit.getElementById("saved").text()).startsWith("Saved as a draft.");
		assertThat(edit.getElementById("post-source").text()).isEqualTo("Written by admin.");
		assertThat(edit.getElementById("title").val()).isEqualTo(title);
		assertThat(edit.getElementById("text").val()).isEqualTo("Not ready yet");

		Document dashboard = get("/");
		org.jsoup.nodes.Element listed = dashboard.select("#drafts li")
			.stream()
			.filter((draft) -> draft.select("h3").text().equals(title))
			.findFirst()
			.orElseThrow();
		assertThat(listed.select("a").attr("href")).isEqualTo(location.replace("?saved=true", ""));
		assertThat(listed.select(".draft-source").text()).startsWith("By admin, saved ");
	}

	@Test
	void showsEachMessageBesideItsFieldAndKeepsWhatWasTyped() {
		String postId = draft("Edit me", "Before");
		Document edit = get("/posts/" + postId + "/edit");
		MultipartBodyBuilder form = form(edit, "", "Typed and kept", "draft");
		form.part("link", "not a link");
		form.part("variants[x-text]", "Mine for X");
		Document refused = Jsoup.parse(post("/posts/" + postId, form).expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.getElementById("title-error").text()).isEqualTo("A title is required");
		assertThat(refused.getElementById("title").attr("aria-describedby")).isEqualTo("title-error");
		assertThat(refused.getElementById("link-error").text()).isNotBlank();
		assertThat(refused.getElementById("text").val()).isEqualTo("Typed and kept");
		assertThat(refused.getElementById("link").val()).isEqualTo("not a link");
		assertThat(refused.getElementById("variant-x-text").val()).isEqualTo("Mine for X");
		assertThat(refused.selectFirst("#compose-form").attr("action")).isEqualTo("/posts/" + postId);

		// Scheduling without a channel is refused before anything is saved.
		MultipartBodyBuilder publish = form(edit, "Changed title", "Changed text", "publish");
		Document noChannel = Jsoup.parse(post("/posts/" + postId, publish).expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(noChannel.getElementById("channelIds-error").text()).isEqualTo("Choose at least one channel");
		assertThat(noChannel.getElementById("title").val()).isEqualTo("Changed title");
		TestClients.admin(this.port)
			.get()
			.uri("/api/posts/{id}", postId)
			.exchange()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Edit me");

		MultipartBodyBuilder save = form(edit, "Changed title", "Changed text", "draft");
		save.part("variants[x-text]", "Mine for X");
		post("/posts/" + postId, save).expectStatus().isEqualTo(HttpStatus.SEE_OTHER);
		Document saved = get("/posts/" + postId + "/edit");
		assertThat(saved.getElementById("title").val()).isEqualTo("Changed title");
		assertThat(saved.getElementById("variant-x-text").val()).isEqualTo("Mine for X");
	}

	@Test
	void theCentreSeesButNeitherOpensForEditingNorChangesThePostOfARegionBelow() {
		UUID organisation = UUID.randomUUID();
		String suffix = organisation.toString().substring(0, 8);
		this.jdbc
			.sql("insert into organisation (id, parent_id, name, slug, home_site_url, zone_id, created_at) "
					+ "values (?, (select id from organisation where parent_id is null order by created_at limit 1), "
					+ "?, ?, null, 'Europe/Stockholm', ?)")
			.params(organisation, "Other " + suffix, "other-" + suffix, Timestamp.from(Instant.now()))
			.update();
		UUID post = UUID.randomUUID();
		this.jdbc
			.sql("insert into post (id, organisation_id, title, body, slug, created_by, created_at) "
					+ "values (?, ?, 'Theirs', 'Not yours', ?, 'someone', ?)")
			.params(post, organisation, "theirs-" + suffix, Timestamp.from(Instant.now()))
			.update();
		this.client.get()
			.uri("/posts/{id}/edit", post)
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("You may not compose posts in Other " + suffix));
		TestClients.admin(this.port)
			.put()
			.uri("/api/posts/{id}", post)
			.bodyValue(Map.of("title", "Mine now", "text", "Changed"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString())
				.startsWith("You may not compose posts in Other " + suffix));
		TestClients.admin(this.port).get().uri("/api/posts/{id}", post).exchange().expectStatus().isOk();
	}

	@Test
	void revisesThroughTheApiWithTheSameRulesAsComposing() {
		String postId = draft("Via the API", "First words");
		TestClients.admin(this.port)
			.put()
			.uri("/api/posts/{id}", postId)
			.bodyValue(Map.of("title", "", "text", "x".repeat(20_001)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.title")
			.isEqualTo("A title is required")
			.jsonPath("$.errors.text")
			.isEqualTo("A text has at most 20000 characters");
		TestClients.admin(this.port)
			.put()
			.uri("/api/posts/{id}", UUID.randomUUID())
			.bodyValue(Map.of("title", "Nobody", "text", "Nothing"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void keepsAScheduledPostFitForThePlatformsItWillGoTo() {
		String postId = draft("Scheduled for later", "Goes out in an hour");
		WebTestClient api = TestClients.admin(this.port);
		PublishingFlow flow = new PublishingFlow(api, List.of());
		Map<String, Object> publication = flow.schedule(postId, flow.channelIds(Platform.X),
				Instant.now().plus(Duration.ofHours(1)));
		try {
			api.put()
				.uri("/api/posts/{id}", postId)
				.bodyValue(Map.of("title", "Scheduled for later", "text", "Still fine", "variants",
						Map.of("x", Map.of("text", "x".repeat(300)))))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors['variants.x.text']")
				.value((String error) -> assertThat(error)
					.startsWith("The post is scheduled on X, which would refuse it: "));
			api.put()
				.uri("/api/posts/{id}", postId)
				.bodyValue(Map.of("title", "Scheduled for later", "text", "Changed while pending"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.variants.x.text")
				.value((String text) -> assertThat(text).startsWith("Changed while pending"));
		}
		finally {
			flow.cancel(publication.get("id"));
		}
	}

	@SuppressWarnings("unchecked")
	private String draft(String title, String text) {
		Map<String, Object> post = TestClients.admin(this.port)
			.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", title, "text", text))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) post.get("id");
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

	private WebTestClient.ResponseSpec post(String path, MultipartBodyBuilder form) {
		return this.client.post()
			.uri(path)
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	private static MultipartBodyBuilder form(Document page, String title, String text, String save) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("_csrf", page.selectFirst("#compose-form input[name=_csrf]").val());
		form.part("title", title);
		form.part("text", text);
		form.part("html", "");
		form.part("when", "now");
		form.part("zone", "Europe/Stockholm");
		form.part("save", save);
		return form;
	}

}
