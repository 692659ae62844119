package org.hubben.web;

import java.net.URI;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /account/tokens}: a member creates a token and sees its text once, uses it, and
 * revokes it; bad input is answered beside the field and creates nothing.
 */
@HubbenIntegrationTest
class ApiTokensPageIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private SignedInBrowser browser;

	@BeforeEach
	void logIn() {
		this.browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
	}

	@Test
	void aMemberCreatesATokenSeesItOnceUsesItAndRevokesIt() {
		Document dashboard = this.browser.page("/");
		assertThat(dashboard.select("header nav a[href=/account/tokens]").eachText()).containsExactly("API tokens");

		Document page = this.browser.page("/account/tokens");
		assertThat(page.select("label[for=token-name]").text()).isEqualTo("What it is for");
		assertThat(page.select("#token-expires option[selected]").attr("value")).isEqualTo("90");
		String name = "Page token " + UUID.randomUUID();
		Document created = createToken(page, name, "30", HttpStatus.CREATED);
		String token = created.select("#issued-token-text").val();
		assertThat(token).startsWith("hbn_").hasSize(47);
		assertThat(created.select("#issued-token").text()).contains(name).contains("cannot show it again");
		Element row = created.select("table.tokens tbody tr")
			.stream()
			.filter((each) -> each.select("th").text().equals(name))
			.findFirst()
			.orElseThrow();
		assertThat(row.select("code").text()).isEqualTo(token.substring(0, 10) + "…");
		assertThat(row.select(".badge").text()).isEqualTo("active");
		assertThat(row.select("td").get(4).text()).as("expires").isNotEqualTo("never");

		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
		Document again = this.browser.page("/account/tokens");
		assertThat(again.html()).as("the page after").doesNotContain(token);
		assertThat(again.select("#issued-token")).isEmpty();

		Element revoke = again.select("#token-" + row.id().substring("token-".length()) + " form.revoke").first();
		assertThat(revoke).as("the token's Revoke form").isNotNull();
		URI revoked = this.browser.submitAndFollow(revoke, new LinkedMultiValueMap<>(), HttpStatus.SEE_OTHER);
		assertThat(revoked.toString()).isEqualTo("/account/tokens?revoked");
		Document after = this.browser.page(revoked.toString());
		assertThat(after.select("#token-notice").text()).startsWith("Revoked the token.");
		assertThat(after.select("#" + row.id() + " .badge").text()).isEqualTo("revoked");
		assertThat(after.select("#" + row.id() + " form.revoke")).isEmpty();
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void badInputIsShownBesideTheFieldAndCreatesNothing() {
		int before = tokens();
		Document page = this.browser.page("/account/tokens");
		Document blank = createToken(page, "   ", "90", HttpStatus.BAD_REQUEST);
		assertThat(blank.select("#name-error").text())
			.isEqualTo("Give the token a name, so you know later what uses it");
		assertThat(blank.select("#token-name").attr("aria-describedby")).isEqualTo("name-error");
		assertThat(blank.select("#issued-token")).isEmpty();

		Document tampered = createToken(page, "kept name", "3650", HttpStatus.BAD_REQUEST);
		assertThat(tampered.select("#expires-error").text()).isEqualTo("Choose when the token expires from the list");
		assertThat(tampered.select("#token-name").val()).as("what was typed is kept").isEqualTo("kept name");
		assertThat(tokens()).isEqualTo(before);
	}

	@Test
	void aForgedPageCannotMintATokenWithTheLoginSession() {
		int before = tokens();
		TestClients.anonymous(this.port)
			.post()
			.uri("/api/tokens")
			.cookie("SESSION", this.browser.session())
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(java.util.Map.of("name", "forged"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(tokens()).isEqualTo(before);
	}

	@Test
	void tokensPageNeedsTheLogin() {
		TestClients.anonymous(this.port)
			.get()
			.uri("/account/tokens")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login");
	}

	private Document createToken(Document page, String name, String expiresIn, HttpStatus status) {
		Element form = page.selectFirst("form#new-token");
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("name", name);
		fields.add("expiresIn", expiresIn);
		String html = this.browser.submit(form, fields)
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return org.jsoup.Jsoup.parse(html);
	}

	private int tokens() {
		return this.jdbc.sql("select count(*) from api_token").query(Integer.class).single();
	}

}
