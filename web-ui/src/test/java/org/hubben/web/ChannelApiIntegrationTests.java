package org.hubben.web;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

@HubbenIntegrationTest
class ChannelApiIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void listsTheDemoChannelsOfEveryEmulatedPlatform() {
		TestClients.admin(this.port)
			.get()
			.uri("/api/channels")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].platform")
			.value((platforms) -> assertThat(platforms.toString()).contains("facebook", "x"))
			.jsonPath("$[0].status")
			.isEqualTo("connected");
	}

	@Test
	void refusesAnonymousCallsWithProblemJson() {
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueMatches("WWW-Authenticate", "Basic.*")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
	}

	@Test
	void refusesAWrongPasswordWithProblemJson() {
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.headers((headers) -> headers.setBasicAuth("admin", "not-the-password"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
