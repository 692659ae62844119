package org.hubben.web;

import java.util.Map;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The JSON API takes the pages' login session too (the compose page's previews and
 * uploads), but a call that changes something with the session alone must show the page's
 * CSRF token, so no other site can make it in a person's name.
 */
@HubbenIntegrationTest
class ApiSessionCsrfIntegrationTests {

	private static final Map<String, String> DRAFT = Map.of("title", "Csrf", "text", "Previewed");

	@LocalServerPort
	int port;

	@Test
	void refusesASessionCallWithoutThePagesCsrfTokenWithAReason() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		client().post()
			.uri("/api/posts/preview")
			.cookie("SESSION", browser.session())
			.bodyValue(DRAFT)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> org.assertj.core.api.Assertions.assertThat((String) detail).contains("CSRF token"));
	}

	@Test
	void takesASessionCallThatCarriesThePagesCsrfToken() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		Document compose = browser.page("/posts/new");
		String token = SignedInBrowser.csrfOf(compose.selectFirst("form.compose-form"));
		client().post()
			.uri("/api/posts/preview")
			.cookie("SESSION", browser.session())
			.header("X-CSRF-TOKEN", token)
			.bodyValue(DRAFT)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.variants.x.text")
			.isNotEmpty();
	}

	@Test
	void takesBasicAuthenticatedCallsWithoutAToken() {
		TestClients.admin(this.port).post().uri("/api/posts/preview").bodyValue(DRAFT).exchange().expectStatus().isOk();
	}

	private WebTestClient client() {
		return TestClients.anonymous(this.port);
	}

}
