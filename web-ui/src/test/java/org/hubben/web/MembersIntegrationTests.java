package org.hubben.web;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members (issue 6): invitations by link, used once, expiring and revocable; role changes
 * and removal that never leave an organisation without an administrator; password resets
 * that end the old password and page sessions but not API tokens; the API's answers to
 * bad input and to other organisations; and the audit log of every step.
 */
@HubbenIntegrationTest
class MembersIntegrationTests {

	private static final String PASSWORD = "region-admin-password";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	private RegionTeam team;

	private WebTestClient admin;

	@BeforeEach
	void region() {
		this.team = RegionTeam.create(this.jdbc, this.passwordEncoder, "members", PASSWORD);
		this.admin = basic(this.team.admin(), PASSWORD);
	}

	@Test
	void anInviteeJoinsThroughTheLinkOnceAndIsLoggedIn() {
		Map<String, Object> invitation = invite(this.admin, this.team.organisationId(), "editor", "Alma, press");
		String link = (String) invitation.get("link");
		assertThat(link).matches(".*/invitations/[A-Za-z0-9_-]{43}");
		assertThat(Instant.parse((String) invitation.get("expiresAt"))).isBetween(
				Instant.now().plus(Duration.ofDays(7)).minusSeconds(120), Instant.now().plus(Duration.ofDays(7)));
		String token = link.substring(link.lastIndexOf('/') + 1);
		assertThat(this.jdbc.sql("select count(*) from invitation where token_hash = ?")
			.param(token)
			.query(Integer.class)
			.single()).as("the token itself is not stored").isZero();
		assertThat(pending(this.admin)).extracting((each) -> each.get("id")).contains(invitation.get("id"));

		Visitor invitee = new Visitor(this.port);
		Document page = invitee.open(path(link), HttpStatus.OK);
		assertThat(page.select("#invitation-intro").text()).contains(this.team.admin())
			.contains("Region members")
			.contains("editor");
		assertThat(page.select("#username-rule").text()).contains("3 to 100 characters");
		assertThat(page.select("#password-rule").text()).isEqualTo("At least 12 characters.");
		String username = "alma-" + UUID.randomUUID().toString().substring(0, 8);
		EntityExchangeResult<String> joined = invitee.submit(page.selectFirst("form#join"),
				fields("username", username, "password", "a good long password"), HttpStatus.SEE_OTHER);
		assertThat(joined.getResponseHeaders().getLocation()).isEqualTo(URI.create("/"));
		TestClients.anonymous(this.port)
			.get()
			.uri("/account/tokens")
			.cookie("SESSION", invitee.session())
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(members(this.admin)).filteredOn((each) -> username.equals(each.get("username")))
			.singleElement()
			.satisfies((member) -> {
				assertThat(member.get("role")).isEqualTo("editor");
				assertThat(member.get("organisationId")).isEqualTo(this.team.organisationId().toString());
				assertThat(member.get("lastLoginAt")).isNotNull();
			});
		basic(username, "a good long password").get().uri("/api/channels").exchange().expectStatus().isOk();
		assertThat(pending(this.admin)).extracting((each) -> each.get("id")).doesNotContain(invitation.get("id"));

		Document again = new Visitor(this.port).open(path(link), HttpStatus.GONE);
		assertThat(again.select("#link-refused").text()).startsWith("This invitation has been used already");
		assertThat(audit()).contains("member.invited", "member.joined");
	}

	@Test
	void badInputOnTheJoinFormIsShownBesideTheFieldsAndUsesNothing() {
		String link = (String) invite(this.admin, this.team.organisationId(), "viewer", null).get("link");
		Visitor invitee = new Visitor(this.port);
		Document page = invitee.open(path(link), HttpStatus.OK);
		Document bad = parsed(invitee.submit(page.selectFirst("form#join"),
				fields("username", "Al ma", "password", "too short"), HttpStatus.BAD_REQUEST));
		assertThat(bad.select("#username-error").text()).startsWith("A username has 3 to 100 characters");
		assertThat(bad.select("#password-error").text()).isEqualTo("A password has at least 12 characters");
		assertThat(bad.select("#join-username").val()).as("what was typed is kept").isEqualTo("Al ma");
		assertThat(bad.select("#join-username").attr("aria-describedby")).contains("username-error");

		Document taken = parsed(invitee.submit(bad.selectFirst("form#join"),
				fields("username", this.team.admin(), "password", "a good long password"), HttpStatus.BAD_REQUEST));
		assertThat(taken.select("#username-error").text())
			.isEqualTo("The username " + this.team.admin() + " is taken; choose another");
		invitee.open(path(link), HttpStatus.OK);
	}

	@Test
	void expiredRevokedAndUnknownLinksGetAClearPage() {
		Map<String, Object> expiring = invite(this.admin, this.team.organisationId(), "editor", null);
		this.jdbc.sql("update invitation set expires_at = ? where id = ?")
			.params(Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString((String) expiring.get("id")))
			.update();
		assertThat(new Visitor(this.port).open(path((String) expiring.get("link")), HttpStatus.GONE)
			.select("#link-refused")
			.text()).isEqualTo("This invitation has expired; ask your administrator for a new one");

		Map<String, Object> revoked = invite(this.admin, this.team.organisationId(), "editor", null);
		this.admin.delete().uri("/api/invitations/{id}", revoked.get("id")).exchange().expectStatus().isNoContent();
		this.admin.delete().uri("/api/invitations/{id}", revoked.get("id")).exchange().expectStatus().isNoContent();
		Visitor late = new Visitor(this.port);
		assertThat(late.open(path((String) revoked.get("link")), HttpStatus.GONE).select("#link-refused").text())
			.startsWith("This invitation was revoked");
		assertThat(pending(this.admin)).extracting((each) -> each.get("id"))
			.doesNotContain(revoked.get("id"), expiring.get("id"));

		assertThat(new Visitor(this.port).open("/invitations/" + "A".repeat(43), HttpStatus.NOT_FOUND)
			.select("#link-refused")
			.text()).startsWith("Hubben does not know this invitation link");
		new Visitor(this.port).open("/invitations/not-a-token", HttpStatus.NOT_FOUND);
		assertThat(audit()).contains("invitation.revoked");
	}

	@Test
	void theApiRefusesBadInputAndOrganisationsTheAdministratorDoesNotManage() {
		this.admin.post()
			.uri("/api/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organisationId", this.team.organisationId(), "role", "boss"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.role")
			.isEqualTo("Choose a role: admin, editor, approver or viewer");
		this.admin.post()
			.uri("/api/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "editor"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.organisationId")
			.exists();
		this.admin.post()
			.uri("/api/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organisationId", this.team.organisationId(), "role", "editor", "note", "x".repeat(201)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.note")
			.isEqualTo("A note has at most 200 characters");

		RegionTeam other = RegionTeam.create(this.jdbc, this.passwordEncoder, "others", PASSWORD);
		this.admin.post()
			.uri("/api/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organisationId", other.organisationId(), "role", "editor"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		UUID otherAdmin = memberId(other.admin());
		this.admin.patch()
			.uri("/api/members/{id}", otherAdmin)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "viewer"))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.admin.post().uri("/api/members/{id}/password-reset", otherAdmin).exchange().expectStatus().isNotFound();
		this.admin.delete().uri("/api/members/{id}", otherAdmin).exchange().expectStatus().isNotFound();
		assertThat(members(this.admin)).extracting((each) -> each.get("username"))
			.contains(this.team.admin())
			.doesNotContain(other.admin());
		assertThat(members(TestClients.admin(this.port))).as("the centre's administrator manages every region")
			.extracting((each) -> each.get("username"))
			.contains(this.team.admin(), other.admin());
	}

	@Test
	void rolesChangeButAnOrganisationKeepsAnAdministratorAndNobodyRemovesThemselves() {
		UUID self = memberId(this.team.admin());
		this.admin.patch()
			.uri("/api/members/{id}", self)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "editor"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("only administrator"));
		this.admin.delete()
			.uri("/api/members/{id}", self)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("You cannot remove yourself; another administrator can remove you");
		this.admin.patch()
			.uri("/api/members/{id}", self)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "chief"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.role")
			.exists();

		String second = join(invite(this.admin, this.team.organisationId(), "viewer", null), "second");
		UUID secondId = memberId(second);
		this.admin.patch()
			.uri("/api/members/{id}", secondId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "admin"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role")
			.isEqualTo("admin");
		WebTestClient secondAdmin = basic(second, "a good long password");
		secondAdmin.get().uri("/api/members").exchange().expectStatus().isOk();
		secondAdmin.delete().uri("/api/members/{id}", self).exchange().expectStatus().isNoContent();
		this.admin.get().uri("/api/channels").exchange().expectStatus().isUnauthorized();
		assertThat(audit()).contains("member.role-changed", "member.removed");
	}

	@Test
	void membersWhoAreNotAdministratorsCannotManageMembers() {
		String viewer = join(invite(this.admin, this.team.organisationId(), "viewer", null), "viewer");
		WebTestClient client = basic(viewer, "a good long password");
		client.get()
			.uri("/api/members")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		client.post()
			.uri("/api/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organisationId", this.team.organisationId(), "role", "admin"))
			.exchange()
			.expectStatus()
			.isForbidden();
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, viewer, "a good long password");
		Document page = browser.open("/members", HttpStatus.FORBIDDEN);
		assertThat(page.select("#members-denied").text()).isEqualTo("Only administrators manage members.");
		assertThat(browser.page("/account/tokens").select("header nav a[href=/members]")).isEmpty();
	}

	@Test
	void aPasswordResetSetsANewPasswordOnceEndsPageSessionsAndKeepsApiTokens() {
		String member = join(invite(this.admin, this.team.organisationId(), "editor", null), "reset");
		WebTestClient old = basic(member, "a good long password");
		String token = (String) old.post()
			.uri("/api/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "script"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("token");
		SignedInBrowser open = SignedInBrowser.logIn(this.port, member, "a good long password");

		Map<String, Object> reset = this.admin.post()
			.uri("/api/members/{id}/password-reset", memberId(member))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String link = (String) reset.get("link");
		assertThat(link).matches(".*/password-reset/[A-Za-z0-9_-]{43}");
		assertThat(Instant.parse((String) reset.get("expiresAt"))).isBefore(Instant.now().plus(Duration.ofHours(25)));

		Visitor visitor = new Visitor(this.port);
		Document page = visitor.open(path(link), HttpStatus.OK);
		assertThat(page.select("#reset-intro").text()).contains(member).contains("API tokens keep working");
		Document short_ = parsed(visitor.submit(page.selectFirst("form#new-password"), fields("password", "short"),
				HttpStatus.BAD_REQUEST));
		assertThat(short_.select("#password-error").text()).isEqualTo("A password has at least 12 characters");
		EntityExchangeResult<String> set = visitor.submit(short_.selectFirst("form#new-password"),
				fields("password", "another long password"), HttpStatus.SEE_OTHER);
		assertThat(set.getResponseHeaders().getLocation()).isEqualTo(URI.create("/login?reset"));
		assertThat(visitor.open("/login?reset", HttpStatus.OK).select("#login-reset").text())
			.isEqualTo("Your new password is set: log in with it.");

		old.get().uri("/api/channels").exchange().expectStatus().isUnauthorized();
		basic(member, "another long password").get().uri("/api/channels").exchange().expectStatus().isOk();
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
		TestClients.anonymous(this.port)
			.get()
			.uri("/")
			.cookie("SESSION", open.session())
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login?changed");

		assertThat(new Visitor(this.port).open(path(link), HttpStatus.GONE).select("#link-refused").text())
			.startsWith("This link has been used already");
		Map<String, Object> expiring = this.admin.post()
			.uri("/api/members/{id}/password-reset", memberId(member))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		this.jdbc.sql("update password_reset set expires_at = ? where id = ?")
			.params(Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString((String) expiring.get("id")))
			.update();
		assertThat(new Visitor(this.port).open(path((String) expiring.get("link")), HttpStatus.GONE)
			.select("#link-refused")
			.text()).isEqualTo("This link has expired; ask your administrator for a new one");
		assertThat(audit()).contains("member.password-reset", "member.password-changed");
	}

	@Test
	void theMembersPageListsInvitesChangesAndShowsEachLinkOnce() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		Document page = browser.page("/members");
		assertThat(page.select("header nav a[href=/members]").eachText()).containsExactly("Members");
		Element group = page.selectFirst("#organisation-" + this.team.organisationId());
		assertThat(group.select("h2").text()).startsWith("Region members");
		assertThat(group.select("tbody tr th").text()).contains(this.team.admin()).contains("you");
		assertThat(group.select("form.remove")).as("no Remove beside yourself").isEmpty();

		MultiValueMap<String, String> bad = fields("organisationId", this.team.organisationId().toString(), "role",
				"editor", "note", "n".repeat(201));
		Document refused = parsed(browser.submit(page.selectFirst("form#new-invitation"), bad)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult());
		assertThat(refused.select("#note-error").text()).isEqualTo("A note has at most 200 characters");
		assertThat(refused.select("#invite-note").val()).isEqualTo("n".repeat(201));
		assertThat(refused.select("#issued-invitation")).isEmpty();

		Document invited = parsed(browser
			.submit(page.selectFirst("form#new-invitation"),
					fields("organisationId", this.team.organisationId().toString(), "role", "approver", "note",
							"Bo, approvals"))
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult());
		String link = invited.select("#issued-invitation-link").val();
		assertThat(link).contains("/invitations/");
		assertThat(invited.select("#issued-invitation button.copy-link").text()).isEqualTo("Copy");
		assertThat(invited.select("table.invitations tbody tr").text()).contains("Bo, approvals").contains("approver");
		Document later = browser.page("/members");
		assertThat(later.html()).doesNotContain(link);

		String joined = join(Map.of("link", link), "page");
		Document withMember = browser.page("/members");
		Element row = withMember.select("#organisation-" + this.team.organisationId() + " tbody tr")
			.stream()
			.filter((each) -> each.select("th").text().equals(joined))
			.findFirst()
			.orElseThrow();
		assertThat(row.select("td.role").text()).isEqualTo("approver");
		URI changed = browser.submitAndFollow(row.selectFirst("form.change-role"), fields("role", "viewer"),
				HttpStatus.SEE_OTHER);
		assertThat(changed).isEqualTo(URI.create("/members?role"));
		Document afterChange = browser.page(changed.toString());
		assertThat(afterChange.select("#members-notice").text()).isEqualTo("Changed the role.");
		assertThat(afterChange.select("#" + row.id() + " td.role").text()).isEqualTo("viewer");

		Document resetPage = parsed(browser
			.submit(afterChange.selectFirst("#" + row.id() + " form.password-reset"), new LinkedMultiValueMap<>())
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult());
		assertThat(resetPage.select("#issued-reset h2").text()).contains(joined);
		assertThat(resetPage.select("#issued-reset-link").val()).contains("/password-reset/");
		assertThat(resetPage.select("#issued-reset").text()).contains("their API tokens keep working");

		URI removed = browser.submitAndFollow(resetPage.selectFirst("#" + row.id() + " form.remove"),
				new LinkedMultiValueMap<>(), HttpStatus.SEE_OTHER);
		Document afterRemoval = browser.page(removed.toString());
		assertThat(afterRemoval.select("#members-notice").text()).startsWith("Removed the member");
		assertThat(afterRemoval.select("#" + row.id())).isEmpty();

		Map<String, Object> toRevoke = invite(this.admin, this.team.organisationId(), "editor", "To revoke");
		Document withPending = browser.page("/members");
		URI revoked = browser.submitAndFollow(
				withPending.selectFirst("#invitation-" + toRevoke.get("id") + " form.revoke"),
				new LinkedMultiValueMap<>(), HttpStatus.SEE_OTHER);
		Document afterRevoke = browser.page(revoked.toString());
		assertThat(afterRevoke.select("#members-notice").text()).startsWith("Revoked the invitation");
		assertThat(afterRevoke.select("#invitation-" + toRevoke.get("id"))).isEmpty();
	}

	/** Invites, joins through the link with the password "a good long password". */
	private String join(Map<String, Object> invitation, String name) {
		Visitor invitee = new Visitor(this.port);
		Document page = invitee.open(path((String) invitation.get("link")), HttpStatus.OK);
		String username = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		invitee.submit(page.selectFirst("form#join"), fields("username", username, "password", "a good long password"),
				HttpStatus.SEE_OTHER);
		return username;
	}

	private Map<String, Object> invite(WebTestClient client, UUID organisationId, String role, String note) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("organisationId", organisationId, "role", role));
		if (note != null) {
			body.put("note", note);
		}
		return client.post()
			.uri("/api/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private List<Map<String, Object>> members(WebTestClient client) {
		return client.get()
			.uri("/api/members")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_LIST)
			.returnResult()
			.getResponseBody();
	}

	private List<Map<String, Object>> pending(WebTestClient client) {
		return client.get()
			.uri("/api/invitations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_LIST)
			.returnResult()
			.getResponseBody();
	}

	private List<String> audit() {
		return this.jdbc.sql("select action from audit_entry where organisation_id = ?")
			.param(this.team.organisationId())
			.query(String.class)
			.list();
	}

	private UUID memberId(String username) {
		return this.jdbc.sql("select id from member where username = ?").param(username).query(UUID.class).single();
	}

	private WebTestClient basic(String username, String password) {
		return TestClients.anonymous(this.port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(username, password))
			.build();
	}

	private static String path(String link) {
		return URI.create(link).getPath();
	}

	private static Document parsed(EntityExchangeResult<String> result) {
		return org.jsoup.Jsoup.parse(result.getResponseBody());
	}

	private static MultiValueMap<String, String> fields(String... namesAndValues) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

}
