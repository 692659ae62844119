package org.hubben.web;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.organisation.Role;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's pages without a browser: the list with its adopt form, a refused link
 * kept beside its field, the edit page of an adopted post ("Adopted from"), the centre's
 * change with its word diff taken from the edit page, and a viewer who may only read.
 */
@HubbenIntegrationTest
class LibraryPageIntegrationTests {

	private static final String PASSWORD = "library-page-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Test
	void anEditorAdoptsFromTheLibraryPageAndTakesTheCentresChangeOnTheEditPage() {
		RegionTeam region = RegionTeam.create(this.jdbc, this.passwordEncoder, "librarypage", PASSWORD);
		String editor = member(region, Role.EDITOR);
		String marker = UUID.randomUUID().toString();
		Map<?, ?> origin = TestClients.admin(this.port)
			.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Page " + marker, "text", "Meet us in the park " + marker, "shared", true))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Object originId = origin.get("id");
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, editor, PASSWORD);

		Document dashboard = browser.page("/");
		assertThat(dashboard.select("nav a[href=/library]").text()).isEqualTo("Library");
		Document library = browser.page("/library");
		Element entry = library.getElementById("shared-" + originId);
		assertThat(entry.select("h2").text()).isEqualTo("Page " + marker);
		assertThat(entry.select(".excerpt").text()).isEqualTo("Meet us in the park " + marker);
		Element form = entry.selectFirst("form.adopt-form");

		MultiValueMap<String, String> bad = new LinkedMultiValueMap<>();
		bad.add("linkTo", "own");
		bad.add("link", "not a link");
		String refused = browser.submit(form, bad)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Element again = org.jsoup.Jsoup.parse(refused).getElementById("shared-" + originId);
		assertThat(again.select("#own-link-" + originId).val()).isEqualTo("not a link");
		assertThat(again.select("#own-link-error-" + originId).text()).isNotEmpty();
		assertThat(again.select("#link-own-" + originId).hasAttr("checked")).isTrue();

		MultiValueMap<String, String> own = new LinkedMultiValueMap<>();
		own.add("linkTo", "own");
		own.add("link", "https://region.example/park");
		URI edit = browser.submitAndFollow(form, own, HttpStatus.SEE_OTHER);
		assertThat(edit.getPath()).startsWith("/posts/").endsWith("/edit");
		Document page = browser.page(edit.toString());
		assertThat(page.getElementById("origin-note").text()).startsWith("Adopted from Page " + marker);
		assertThat(page.getElementById("link").val()).isEqualTo("https://region.example/park");
		assertThat(page.getElementById("x-duplicate")).as("X warnings watch an adopted post").isNotNull();
		assertThat(page.select(".origin-changes")).isEmpty();

		TestClients.admin(this.port)
			.put()
			.uri("/api/posts/{id}", originId)
			.bodyValue(Map.of("title", "Page " + marker, "text", "Meet us by the lake " + marker, "shared", true))
			.exchange()
			.expectStatus()
			.isOk();
		Document changed = browser.page(edit.toString());
		Element changes = changed.selectFirst(".origin-changes");
		assertThat(changes.select("h2").text()).isEqualTo("The centre changed this post");
		assertThat(changes.select("dd.diff").html())
			.contains("<del>in</del><ins>by</ins> the <del>park</del><ins>lake</ins>");
		assertThat(browser.page("/library").select("#shared-" + originId + " .origin-changes")).hasSize(1);

		URI back = browser.submitAndFollow(changes.selectFirst("form:has(button.take-change)"),
				new LinkedMultiValueMap<>(Map.of("back", java.util.List.of("edit"))), HttpStatus.SEE_OTHER);
		Document taken = browser.page(back.toString());
		assertThat(taken.select(".origin-changes")).isEmpty();
		assertThat(taken.getElementById("text").text()).isEqualTo("Meet us by the lake " + marker);
		assertThat(taken.getElementById("link").val()).isEqualTo("https://region.example/park");

		TestClients.admin(this.port)
			.put()
			.uri("/api/posts/{id}", originId)
			.bodyValue(Map.of("title", "Page moved " + marker, "text", "Meet us by the lake " + marker, "shared", true))
			.exchange()
			.expectStatus()
			.isOk();
		Element offered = browser.page("/library").selectFirst("#shared-" + originId + " .origin-changes");
		assertThat(offered.select("dd[data-field=title]").text()).contains("Page " + marker, "Page moved " + marker);
		URI kept = browser.submitAndFollow(offered.selectFirst("form:has(button.keep-mine)"),
				new LinkedMultiValueMap<>(Map.of("back", java.util.List.of("library"))), HttpStatus.SEE_OTHER);
		Document library2 = browser.page(kept.toString());
		assertThat(library2.getElementById("origin-outcome").text())
			.isEqualTo("Your post stays as it is; the change is no longer offered.");
		assertThat(library2.select("#shared-" + originId + " .origin-changes")).isEmpty();
		assertThat(browser.page(edit.toString()).getElementById("title").val()).isEqualTo("Page " + marker);
	}

	@Test
	void aViewerReadsTheLibraryWithoutAnAdoptForm() {
		RegionTeam region = RegionTeam.create(this.jdbc, this.passwordEncoder, "libraryviewer", PASSWORD);
		String viewer = member(region, Role.VIEWER);
		Document library = SignedInBrowser.logIn(this.port, viewer, PASSWORD).page("/library");
		assertThat(library.getElementById("viewer-note")).isNotNull();
		assertThat(library.select("form.adopt-form")).isEmpty();
	}

	private String member(RegionTeam region, Role role) {
		String username = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc
			.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), region.organisationId(), username, this.passwordEncoder.encode(PASSWORD),
					role.name(), Timestamp.from(Instant.now()))
			.update();
		return username;
	}

}
