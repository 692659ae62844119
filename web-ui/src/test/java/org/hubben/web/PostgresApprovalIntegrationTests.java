package org.hubben.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.hubben.PostgresTestDatabase;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.organisation.ChannelRegistrar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approval and the audit log's queries on PostgreSQL (V16, the submission states, the
 * filters' SQL), as on H2.
 */
@ExtendWith(PostgresTestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.username=" + PostgresTestDatabase.USER, "spring.datasource.password=",
				"spring.r2dbc.username=" + PostgresTestDatabase.USER, "spring.r2dbc.password=",
				// Quartz keys its data source JVM-wide by scheduler name: a context of
				// its own needs its own.
				"spring.quartz.scheduler-name=hubben-postgres-approval-test" })
@ActiveProfiles({ "test", "postgres" })
class PostgresApprovalIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	@DynamicPropertySource
	static void ownSchema(DynamicPropertyRegistry properties) {
		properties.add("spring.datasource.url", () -> PostgresTestDatabase.JDBC_URL);
		properties.add("spring.r2dbc.url", () -> PostgresTestDatabase.R2DBC_URL);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	ChannelRegistrar registrar;

	@Autowired
	EmulatorTokens emulatorTokens;

	@Test
	void submitsSendsBackApprovesAndFiltersTheAuditLog() {
		ApprovalTeam team = ApprovalTeam.create(this.jdbc, this.passwordEncoder, this.registrar, this.emulatorTokens,
				"pg");
		WebTestClient editor = ApprovalTeam.api(this.port, team.editor());
		WebTestClient approver = ApprovalTeam.api(this.port, team.approver());
		String post = (String) editor.post()
			.uri("/api/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "On PostgreSQL", "text", "Approved on PostgreSQL."))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
		String at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		Map<String, Object> body = Map.of("channelIds", List.of(team.xChannel()), "at", at);
		editor.post()
			.uri("/api/posts/{id}/publications", post)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		String first = submit(editor, post, body);
		approver.post()
			.uri("/api/submissions/{id}/return", first)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("comment", "Again"))
			.exchange()
			.expectStatus()
			.isOk();
		String second = submit(editor, post, body);

		approver.post()
			.uri("/api/submissions/{id}/approve", second)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.value((publication) -> assertThat(publication).containsEntry("dueAt", at));

		editor.get()
			.uri("/api/submissions?state=RETURNED")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.value((returned) -> assertThat(returned).extracting((s) -> s.get("id")).containsExactly(first));
		String today = LocalDate.now(ZoneId.of("Europe/Stockholm")).toString();
		Map<String, Object> page = ApprovalTeam.api(this.port, team.admin())
			.get()
			.uri("/api/audit?organisationId={id}&action=post&from={from}&to={to}", team.organisationId(), today, today)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat((List<Map<String, Object>>) page.get("entries")).extracting((entry) -> entry.get("action"))
			.containsExactly("post.approved", "post.submitted", "post.returned", "post.submitted");
		assertThat(page).containsEntry("more", false);
	}

	private static String submit(WebTestClient editor, String post, Map<String, Object> body) {
		return (String) editor.post()
			.uri("/api/posts/{id}/submissions", post)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

}
