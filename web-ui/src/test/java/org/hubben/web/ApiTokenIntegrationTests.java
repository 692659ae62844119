package org.hubben.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.organisation.IssuedApiToken;
import org.hubben.organisation.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal API tokens over the JSON API: issued once with their text, kept as a hash,
 * accepted as {@code Authorization: Bearer} with the member's role, and refused with the
 * reason once revoked or expired.
 */
@HubbenIntegrationTest
class ApiTokenIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApiTokenIssuer issuer;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Test
	@SuppressWarnings("unchecked")
	void aTokenIssuedThroughTheApiActsAsItsMemberUntilItIsRevoked() {
		Map<String, Object> issued = TestClients.admin(this.port)
			.post()
			.uri("/api/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "  newsroom script  "))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String token = (String) issued.get("token");
		assertThat(token).startsWith("hbn_").hasSize(47);
		assertThat(issued).containsEntry("name", "newsroom script")
			.containsEntry("status", "active")
			.containsEntry("hint", token.substring(0, 10))
			.containsEntry("expiresAt", null);
		String id = (String) issued.get("id");

		Map<String, Object> row = this.jdbc.sql("select * from api_token where id = ?")
			.param(UUID.fromString(id))
			.query()
			.singleRow();
		assertThat(row.get("token_hash")).isEqualTo(sha256(token));
		assertThat(row.values()).as("the stored row").noneMatch((value) -> String.valueOf(value).contains(token));

		List<Map<String, Object>> channels = bearer(token).get()
			.uri("/api/channels")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		assertThat(channels).isNotEmpty();
		Map<String, Object> post = bearer(token).post()
			.uri("/api/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "By token", "text", "Composed with a token " + UUID.randomUUID()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(this.jdbc.sql("select created_by from post where id = ?")
			.param(UUID.fromString((String) post.get("id")))
			.query(String.class)
			.single()).as("the post's author").isEqualTo(TestClients.ADMIN);

		List<Map<String, Object>> listed = bearer(token).get()
			.uri("/api/tokens")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> mine = listed.stream()
			.filter((each) -> id.equals(each.get("id")))
			.findFirst()
			.orElseThrow();
		assertThat(mine).doesNotContainKey("token").containsEntry("status", "active");
		assertThat(mine.get("lastUsedAt")).as("lastUsedAt").isNotNull();

		Map<String, Object> revoked = TestClients.admin(this.port)
			.delete()
			.uri("/api/tokens/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(revoked).containsEntry("status", "revoked");
		assertThat(revoked.get("revokedAt")).isNotNull();
		TestClients.admin(this.port).delete().uri("/api/tokens/{id}", id).exchange().expectStatus().isOk();

		Map<String, Object> refused = bearer(token).get()
			.uri("/api/channels")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Hubben\", error=\"invalid_token\"")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((String) refused.get("detail")).startsWith("This API token was revoked on ").doesNotContain(token);
	}

	@Test
	void anExpiredTokenIsRefusedWithTheReasonAndAnUnknownOneAsUnknown() {
		IssuedApiToken issued = this.issuer.issue(adminId(), "soon expired", Instant.now().plus(1, ChronoUnit.DAYS))
			.block();
		bearer(issued.secret()).get().uri("/api/tokens").exchange().expectStatus().isOk();
		this.jdbc.sql("update api_token set expires_at = ? where id = ?")
			.params(Timestamp.from(Instant.now().minusSeconds(60)), issued.token().id())
			.update();
		bearer(issued.secret()).get()
			.uri("/api/tokens")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).startsWith("This API token expired on "));

		for (String unknown : List.of("hbn_" + "A".repeat(43), "not-a-token", "hbn_short")) {
			bearer(unknown).get()
				.uri("/api/channels")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("Hubben does not know this API token");
		}
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Hubben\"", "Bearer realm=\"Hubben\"");
	}

	@Test
	void aTokenIsIssuedOnlyWithANameAndAFutureExpiryAndTheProblemSaysWhichField() {
		TestClients.admin(this.port)
			.post()
			.uri("/api/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", " ", "expiresAt", "2001-01-01T00:00:00Z"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.name")
			.isEqualTo("Give the token a name, so you know later what uses it")
			.jsonPath("$.errors.expiresAt")
			.isEqualTo("The expiry must be in the future");
		TestClients.admin(this.port)
			.post()
			.uri("/api/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x".repeat(101), "expiresAt", "next week"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.expiresAt")
			.isEqualTo("'next week' is not an ISO-8601 time such as 2027-01-01T00:00:00Z");
		TestClients.admin(this.port)
			.post()
			.uri("/api/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x".repeat(101)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.name")
			.isEqualTo("A name has at most 100 characters");
	}

	@Test
	void aMemberSeesAndRevokesOnlyTheirOwnTokens() {
		UUID viewer = addMember(Role.VIEWER);
		IssuedApiToken viewers = this.issuer.issue(viewer, "viewer's", null).block();

		TestClients.admin(this.port)
			.delete()
			.uri("/api/tokens/{id}", viewers.token().id())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		TestClients.admin(this.port)
			.get()
			.uri("/api/tokens")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.id == '" + viewers.token().id() + "')]")
			.doesNotExist();
		bearer(viewers.secret()).get()
			.uri("/api/tokens")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].id")
			.isEqualTo(viewers.token().id().toString())
			.jsonPath("$.length()")
			.isEqualTo(1);
	}

	@Test
	void aTokenCarriesItsMembersRoleToTheMetrics() {
		IssuedApiToken viewers = this.issuer.issue(addMember(Role.VIEWER), "viewer's", null).block();
		IssuedApiToken admins = this.issuer.issue(adminId(), "monitoring", null).block();

		bearer(admins.secret()).get().uri("/actuator/metrics").exchange().expectStatus().isOk();
		bearer(viewers.secret()).get()
			.uri("/actuator/metrics")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		bearer(viewers.secret()).get().uri("/api/channels").exchange().expectStatus().isOk();
		this.issuer.revoke(adminId(), admins.token().id()).block();
		bearer(admins.secret()).get()
			.uri("/actuator/metrics")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private WebTestClient bearer(String token) {
		return TestClients.anonymous(this.port)
			.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.build();
	}

	private UUID adminId() {
		return this.jdbc.sql("select id from member where username = ?")
			.param(TestClients.ADMIN)
			.query(UUID.class)
			.single();
	}

	/** A member of the central organisation, with a password no test uses. */
	private UUID addMember(Role role) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
					+ "select ?, organisation_id, ?, ?, ?, ? from member where username = ?")
			.params(id, role.name().toLowerCase() + "-" + id, this.passwordEncoder.encode(UUID.randomUUID().toString()),
					role.name(), Timestamp.from(Instant.now()), TestClients.ADMIN)
			.update();
		return id;
	}

	static String sha256(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
