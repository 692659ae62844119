package org.hubben.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.organisation.Role;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organisation tree page and API, the 403 page and the header that shows each role
 * only what it can use. Every test works in a region of its own.
 */
@HubbenIntegrationTest
class OrganisationsPageIntegrationTests {

	private static final String PASSWORD = "organisations-test-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	private RegionTeam team;

	@BeforeEach
	void team() {
		this.team = RegionTeam.create(this.jdbc, this.passwordEncoder, "organisations", PASSWORD);
	}

	@Test
	void showsTheOwnOrganisationAndTheOnesBelowItWithTheirCountsButNotTheCentre() {
		UUID branch = addOrganisation(this.team.organisationId(), "Branch of the tree test");
		Document page = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD).page("/organisations");
		List<String> names = page.select("#organisations tbody tr td:first-child a").eachText();
		assertThat(names).hasSize(2);
		assertThat(names.get(1)).isEqualTo("Branch of the tree test");
		Element own = page.select("#organisations tbody tr").first();
		assertThat(own.select("td.members").text()).isEqualTo("1");
		assertThat(own.attr("data-depth")).isEqualTo("0");
		assertThat(page.select("#organisations tbody tr").get(1).attr("data-depth")).isEqualTo("1");
		assertThat(SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD)
			.page("/organisations/" + branch)
			.select("h1")
			.text()).isEqualTo("Branch of the tree test");
	}

	@Test
	void anAdministratorAddsABranchWithTheFormAndABadNameIsShownBesideTheFieldWithWhatWasTyped() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		Element form = browser.page("/organisations").getElementById("create-organisation");
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("parentId", this.team.organisationId().toString());
		fields.add("name", " ");
		fields.add("slug", "Not A Slug!");
		fields.add("zoneId", "Mars/Olympus");
		String refused = browser.submit(form, fields)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Document again = org.jsoup.Jsoup.parse(refused);
		assertThat(again.getElementById("name-error").text()).isEqualTo("Give the organisation a name");
		assertThat(again.getElementById("zone-id-error").text()).contains("Mars/Olympus");
		assertThat(again.getElementById("zone-id").val()).isEqualTo("Mars/Olympus");

		String slug = "branch-" + UUID.randomUUID().toString().substring(0, 8);
		fields.set("name", "Branch added by form");
		fields.set("slug", slug);
		fields.set("zoneId", "");
		assertThat(browser.submitAndFollow(form, fields, HttpStatus.SEE_OTHER).toString())
			.isEqualTo("/organisations?created=" + slug);
		assertThat(browser.page("/organisations").select("#organisation-" + slug).text())
			.contains("Branch added by form");
		assertThat(this.jdbc
			.sql("select count(*) from audit_entry where organisation_id = ? and action = 'organisation.created' "
					+ "and actor = ?")
			.params(this.team.organisationId(), this.team.admin())
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	@Test
	void theApiRefusesBadInputWithFieldErrorsAndACreationAboveTheMembersOwnOrganisation() {
		var client = TestClients.anonymous(this.port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(this.team.admin(), PASSWORD))
			.build();
		client.post()
			.uri("/api/organisations")
			.bodyValue(Map.of("parentId", this.team.organisationId(), "homeSiteUrl", "example.org"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.name")
			.isEqualTo("Give the organisation a name")
			.jsonPath("$.errors.homeSiteUrl")
			.exists();
		UUID centre = this.jdbc.sql("select parent_id from organisation where id = ?")
			.param(this.team.organisationId())
			.query(UUID.class)
			.single();
		client.post()
			.uri("/api/organisations")
			.bodyValue(Map.of("parentId", centre, "name", "Not below mine"))
			.exchange()
			.expectStatus()
			.isForbidden();
		client.get()
			.uri("/api/organisations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].id")
			.isEqualTo(this.team.organisationId().toString())
			.jsonPath("$[0].members")
			.isEqualTo(1);
	}

	@Test
	void aViewerSeesNoComposeNorSettingsAndIsToldWhyComposingIsRefused() {
		String viewer = addMember(Role.VIEWER);
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, viewer, PASSWORD);
		Document dashboard = browser.page("/");
		assertThat(dashboard.select("nav a").eachAttr("href")).doesNotContain("/posts/new", "/settings/organisation",
				"/settings/webhooks");
		assertThat(dashboard.select("nav a").eachAttr("href")).contains("/calendar", "/organisations");
		Document refused = browser.open("/posts/new", HttpStatus.FORBIDDEN);
		assertThat(refused.getElementById("denied-reason").text()).contains("viewer");
		Document admins = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD).page("/");
		assertThat(admins.select("nav a").eachAttr("href")).contains("/posts/new", "/settings/organisation");
	}

	@Test
	void anOrganisationNotBelowTheMembersOwnIsNotFound() {
		UUID centre = this.jdbc.sql("select parent_id from organisation where id = ?")
			.param(this.team.organisationId())
			.query(UUID.class)
			.single();
		SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD)
			.open("/organisations/" + centre, HttpStatus.NOT_FOUND);
	}

	private UUID addOrganisation(UUID parent, String name) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into organisation (id, parent_id, name, slug, home_site_url, zone_id, created_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(id, parent, name, "tree-" + id, null, "Europe/Stockholm", Timestamp.from(Instant.now()))
			.update();
		return id;
	}

	private String addMember(Role role) {
		String username = "organisations-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
		this.jdbc
			.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), this.team.organisationId(), username, this.passwordEncoder.encode(PASSWORD),
					role.name(), Timestamp.from(Instant.now()))
			.update();
		return username;
	}

}
