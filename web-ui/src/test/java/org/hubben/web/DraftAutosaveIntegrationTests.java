package org.hubben.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.publishing.PublishingFlow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT /api/drafts/{id}}, which the compose page calls as a person types: an
 * unfinished draft is kept, a repeated save makes no second draft, and scheduling waits
 * until the draft has a title and a text.
 */
@HubbenIntegrationTest
class DraftAutosaveIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	WebTestClient api;

	@BeforeEach
	void api() {
		this.api = TestClients.admin(this.port);
	}

	@Test
	void keepsAnUnfinishedDraftUnderTheIdThePageChoseAndChangesItOnTheNextSave() {
		UUID id = UUID.randomUUID();
		Map<?, ?> created = save(id, Map.of("title", "Half a thought")).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.get("id")).isEqualTo(id.toString());
		assertThat(created.get("title")).isEqualTo("Half a thought");
		assertThat(created.get("text")).isEqualTo("");

		Map<?, ?> changed = save(id,
				Map.of("title", "A whole thought", "text", "Now with a text", "sources",
						List.of("https://example.org/facts")))
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(changed.get("text")).isEqualTo("Now with a text");
		assertThat(changed.get("sources")).isEqualTo(List.of("https://example.org/facts"));
		save(id, Map.of("title", "A whole thought", "text", "Now with a text", "sources",
				List.of("https://example.org/facts")))
			.expectStatus()
			.isOk();

		assertThat(this.jdbc.sql("select count(*) from post where id = ?").param(id).query(Long.class).single())
			.isEqualTo(1);
		List<?> drafts = this.api.get()
			.uri("/api/drafts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		assertThat(drafts).filteredOn((draft) -> id.toString().equals(((Map<?, ?>) draft).get("id")))
			.singleElement()
			.satisfies((draft) -> assertThat(((Map<?, ?>) draft).get("title")).isEqualTo("A whole thought"));
	}

	@Test
	void refusesToScheduleADraftWithoutTitleOrTextAndSchedulesItOnceCompleteUnderASlugOfItsTitle() {
		UUID id = UUID.randomUUID();
		save(id, Map.of("text", "No title yet")).expectStatus().isCreated();
		PublishingFlow flow = new PublishingFlow(this.api, this.emulators);
		this.api.post()
			.uri("/api/posts/{id}/publications", id)
			.bodyValue(Map.of("channelIds", flow.channelIds(Platform.X)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.title")
			.isEqualTo("A title is required before the post is scheduled");

		save(id, Map.of("title", "Now complete", "text", "No title yet")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.slug")
			.value((slug) -> assertThat((String) slug).as("the slug follows the title it now has")
				.startsWith("now-complete-"));
		flow.schedule(id, flow.channelIds(Platform.X), null);
		save(id, Map.of("title", "Changed after scheduling", "text", "No title yet")).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The post is scheduled"));
	}

	@Test
	void refusesMalformedInputAndAnotherOrganisationsPost() {
		UUID id = UUID.randomUUID();
		save(id, Map.of("title", "Link typed halfway", "link", "htt")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.link")
			.isEqualTo("A link must start with http:// or https://");
		assertThat(this.jdbc.sql("select count(*) from post where id = ?").param(id).query(Long.class).single())
			.isZero();

		save(id, Map.of("title", "Ours")).expectStatus().isCreated();
		RegionTeam region = RegionTeam.create(this.jdbc, this.passwordEncoder, "autosave", "autosave-password");
		TestClients.anonymous(this.port)
			.put()
			.uri("/api/drafts/{id}", id)
			.headers((headers) -> headers.setBasicAuth(region.admin(), "autosave-password"))
			.bodyValue(Map.of("title", "Theirs"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(this.jdbc.sql("select title from post where id = ?").param(id).query(String.class).single())
			.isEqualTo("Ours");
	}

	private WebTestClient.ResponseSpec save(UUID id, Map<String, Object> body) {
		return this.api.put().uri("/api/drafts/{id}", id).bodyValue(body).exchange();
	}

}
