package org.hubben.web;

import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/link-card} over HTTP: a card (or a warning) for a link that may be
 * fetched, problem JSON that says why for one that may not. Reading real cards is covered
 * against a page server in {@code org.hubben.content}.
 */
@HubbenIntegrationTest
class LinkCardApiIntegrationTests {

	@LocalServerPort
	int port;

	WebTestClient api;

	@BeforeEach
	void clients() {
		this.api = TestClients.admin(this.port);
	}

	private WebTestClient.ResponseSpec card(String url) {
		return this.api.get().uri((uri) -> uri.path("/api/link-card").queryParam("url", "{url}").build(url)).exchange();
	}

	@Test
	void refusesALinkToThisServerOrItsNetworkWithTheReason() {
		for (String link : new String[] { "http://127.0.0.1:" + this.port + "/api/channels", "http://127.0.0.1/",
				"http://2130706433/", "http://[::ffff:7f00:1]/", "http://169.254.169.254/latest/meta-data/",
				"http://localhost/" }) {
			card(link).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).as(link)
					.startsWith("The link cannot be previewed: Hubben ")
					.satisfiesAnyOf((text) -> assertThat(text).contains("does not fetch addresses on private networks"),
							(text) -> assertThat(text).contains("ports 80 and 443")))
				.jsonPath("$.errors.url")
				.isNotEmpty();
		}
	}

	@Test
	void refusesOtherSchemesAndMalformedLinks() {
		card("file:///etc/passwd").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.url")
			.isEqualTo("Hubben fetches only http and https links, not file:");
		card("not a link").expectStatus().isBadRequest().expectBody().jsonPath("$.errors.url").isNotEmpty();
		this.api.get()
			.uri("/api/link-card")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.url")
			.isEqualTo("Give the link to preview as the url parameter");
	}

	@Test
	void answersAPageThatCannotBeReachedWithAWarning() {
		Map<String, Object> card = card("http://hubben-link-card.invalid/page").expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(card).containsEntry("url", "http://hubben-link-card.invalid/page")
			.containsEntry("title", null)
			.containsEntry("description", null)
			.containsEntry("image", null)
			.containsEntry("canonical", null);
		assertThat(card.get("warnings")).asInstanceOf(InstanceOfAssertFactories.list(String.class))
			.singleElement()
			.asString()
			.startsWith("Hubben could not read the page: ");
	}

	@Test
	void needsALogin() {
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/link-card?url=https://example.org/")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

}
