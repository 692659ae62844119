package org.hubben.web;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.hubben.HubbenIntegrationTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * The login rate limit: 5 failures for a username or 20 from an address within 15 minutes
 * refuse further attempts, on the login form and for HTTP Basic; a success clears the
 * username's count; only keyed hashes are stored. Each test's failures come from an
 * address of its own (127.x.y.z), so that they never count against the other tests'
 * 127.0.0.1.
 */
@HubbenIntegrationTest
class LoginLimitIntegrationTests {

	private static final String PASSWORD = "region-admin-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	private RegionTeam team;

	private String address;

	@BeforeEach
	void region() {
		this.team = RegionTeam.create(this.jdbc, this.passwordEncoder, "limit", PASSWORD);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		this.address = "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + "." + random.nextInt(2, 255);
	}

	@Test
	void fiveFailuresForAUsernameRefuseEvenTheRightPasswordWith429AndTheLoginPageSaysHowLong() {
		for (int i = 0; i < 5; i++) {
			call(this.team.admin(), "wrong password " + i).expectStatus().isUnauthorized();
		}
		EntityExchangeResult<byte[]> refused = call(this.team.admin(), PASSWORD).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Too many attempts: try again in 15 minutes")
			.returnResult();
		long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
		assertThat(retryAfter).isBetween(800L, 900L);

		Visitor person = new Visitor(this.port, this.address);
		Document login = person.open("/login", HttpStatus.OK);
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("username", this.team.admin());
		fields.add("password", PASSWORD);
		EntityExchangeResult<String> answer = person.submit(login.selectFirst("form"), fields, HttpStatus.FOUND);
		assertThat(answer.getResponseHeaders().getLocation()).hasToString("/login?locked=15");
		assertThat(person.open("/login?locked=15", HttpStatus.OK).select("#login-locked").text())
			.isEqualTo("Too many attempts: try again in 15 minutes.");

		List<String> stored = this.jdbc.sql("select key_hash from login_attempt").query(String.class).list();
		assertThat(stored).isNotEmpty().allMatch((hash) -> hash.matches("[0-9a-f]{64}"));
		assertThat(stored).doesNotContain(this.team.admin(), this.address);
	}

	@Test
	void aSuccessfulLoginClearsTheUsernamesCount() {
		for (int i = 0; i < 4; i++) {
			call(this.team.admin(), "wrong password").expectStatus().isUnauthorized();
		}
		call(this.team.admin(), PASSWORD).expectStatus().isOk();
		for (int i = 0; i < 4; i++) {
			call(this.team.admin(), "wrong password").expectStatus().isUnauthorized();
		}
		call(this.team.admin(), PASSWORD).expectStatus().isOk();
	}

	@Test
	void twentyFailuresFromOneAddressRefuseItsNextAttemptsButNotOtherAddresses() {
		for (int i = 0; i < 20; i++) {
			call("nobody-" + UUID.randomUUID(), "wrong password").expectStatus().isUnauthorized();
		}
		call(this.team.admin(), PASSWORD).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		WebTestClient elsewhere = Visitor.from(this.port, "127.0.0.1");
		elsewhere.get()
			.uri("/api/channels")
			.headers((headers) -> headers.setBasicAuth(this.team.admin(), PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void failuresOlderThanTheWindowAreDeleted() {
		this.jdbc
			.sql("insert into login_attempt (id, kind, key_hash, at) values (?, 'username', ?, "
					+ "current_timestamp - interval '16' minute)")
			.params(UUID.randomUUID(), "0".repeat(64))
			.update();
		call("nobody-" + UUID.randomUUID(), "wrong password").expectStatus().isUnauthorized();
		assertThat(this.jdbc.sql("select count(*) from login_attempt where key_hash = ?")
			.param("0".repeat(64))
			.query(Integer.class)
			.single()).isZero();
	}

	private WebTestClient.ResponseSpec call(String username, String password) {
		return Visitor.from(this.port, this.address)
			.get()
			.uri("/api/channels")
			.headers((headers) -> headers.setBasicAuth(username, password))
			.exchange();
	}

}
