package org.hubben.connector.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.hubben.connector.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.x.emulator.XEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The endpoints every emulator shares, over real HTTP. */
class EmulatorRoutesTests {

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.X, "1234", null);

	private final EmulatorServer server = EmulatorServer.start(new XEmulator(this.tokens));

	private final WebTestClient client = WebTestClient.bindToServer()
		.baseUrl(this.server.baseUrl(Platform.X).toString())
		.responseTimeout(Duration.ofSeconds(5))
		.build();

	@AfterEach
	void stop() {
		this.server.close();
	}

	private WebTestClient.ResponseSpec post(String text) {
		return this.client.post()
			.uri("/2/tweets")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", text))
			.exchange();
	}

	@Test
	void queuesAFaultBehindTheRequestsItIsToldToLetPass() {
		this.client.post()
			.uri("/faults")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fault", "SERVER_ERROR", "pass", 2))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.pending")
			.isEqualTo(3);
		post("one").expectStatus().isCreated().expectBody();
		post("two").expectStatus().isCreated().expectBody();
		post("three").expectStatus().isEqualTo(503).expectBody();
		post("four").expectStatus().isCreated().expectBody();
	}

	@Test
	void refusesAPassOfFewerThanOneRequest() {
		this.client.post()
			.uri("/faults")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fault", "SERVER_ERROR", "pass", 0))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("requests must be at least 1, was 0");
	}

}
