package org.hubben.web;

import java.net.URI;
import java.time.Duration;

import org.hubben.TestClients;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person in a browser, logged in to Hubben's pages with a session cookie, who posts
 * forms with their CSRF token; and, for the platforms' pages, the same person on another
 * site, where Hubben's cookie is not sent.
 */
final class SignedInBrowser {

	/** Generous: the build machine is shared, and a page's first rendering is slow. */
	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final WebTestClient client;

	private String session;

	private SignedInBrowser(WebTestClient client, String session) {
		this.client = client;
		this.session = session;
	}

	static SignedInBrowser logIn(int port, String username, String password) {
		return logIn("http://127.0.0.1:" + port, username, password);
	}

	/** Logs in through the server's address {@code baseUrl}. */
	static SignedInBrowser logIn(String baseUrl, String username, String password) {
		WebTestClient client = client(baseUrl);
		EntityExchangeResult<String> loginPage = client.get()
			.uri("/login")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		SignedInBrowser browser = new SignedInBrowser(client, cookie(loginPage, null));
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", username);
		form.add("password", password);
		form.add("_csrf", csrfOf(Jsoup.parse(loginPage.getResponseBody())));
		EntityExchangeResult<byte[]> loggedIn = client.post()
			.uri("/login")
			.cookie("SESSION", browser.session)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/")
			.expectBody()
			.returnResult();
		browser.session = cookie(loggedIn, browser.session);
		return browser;
	}

	/** A client of {@link TestClients}, patient with slow first renderings. */
	static WebTestClient client(String baseUrl) {
		return TestClients.anonymous(baseUrl).mutate().responseTimeout(PATIENCE).build();
	}

	/** The session cookie's value, for requests made with another client. */
	String session() {
		return this.session;
	}

	/** Opens a Hubben page that must answer 200. */
	Document page(String pathOrUrl) {
		return open(pathOrUrl, HttpStatus.OK);
	}

	/** Opens a Hubben page and checks its status. */
	Document open(String pathOrUrl, HttpStatus status) {
		WebTestClient.RequestHeadersSpec<?> request = pathOrUrl.startsWith("http")
				? this.client.get().uri(URI.create(pathOrUrl)) : this.client.get().uri(pathOrUrl);
		EntityExchangeResult<String> result = request.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult();
		return Jsoup.parse(result.getResponseBody(), result.getUrl().toString());
	}

	/** Posts a Hubben form, with its CSRF token added. */
	WebTestClient.ResponseSpec submit(Element form, MultiValueMap<String, String> fields) {
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>(fields);
		body.set("_csrf", csrfOf(form));
		return this.client.post()
			.uri(form.attr("action"))
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromFormData(body))
			.exchange();
	}

	/** Posts a Hubben form, with its CSRF token, and answers where it redirected to. */
	URI submitAndFollow(Element form, MultiValueMap<String, String> fields, HttpStatus redirect) {
		URI location = submit(form, fields).expectStatus()
			.isEqualTo(redirect)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation();
		assertThat(location).as("Location").isNotNull();
		return location;
	}

	/**
	 * At a platform's consent page (another site: no Hubben cookie): checks the shared
	 * convention's one form with Allow and Deny, posts the decision, and answers the
	 * callback the platform redirected to.
	 */
	URI decideOnPlatform(URI consentPage, String decision) {
		EntityExchangeResult<String> result = this.client.get()
			.uri(consentPage)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		Document page = Jsoup.parse(result.getResponseBody(), consentPage.toString());
		assertThat(page.select("form")).as("forms on the consent page %s", consentPage).hasSize(1);
		Element form = page.selectFirst("form");
		assertThat(form.attr("method")).isEqualToIgnoringCase("post");
		assertThat(form.select("button[name=decision][value=allow]").text()).isEqualTo("Allow");
		assertThat(form.select("button[name=decision][value=deny]").text()).isEqualTo("Deny");
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
		for (Element hidden : form.select("input[type=hidden]")) {
			body.add(hidden.attr("name"), hidden.val());
		}
		body.add("decision", decision);
		String action = form.absUrl("action");
		URI location = this.client.post()
			.uri(URI.create(action.isEmpty() ? consentPage.toString() : action))
			.body(BodyInserters.fromFormData(body))
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation();
		assertThat(location).as("the platform's redirect to the callback").isNotNull();
		return location;
	}

	static String csrfOf(Element element) {
		String token = element.select("input[name=_csrf]").val();
		assertThat(token).as("CSRF token").isNotBlank();
		return token;
	}

	private static String cookie(EntityExchangeResult<?> result, String current) {
		ResponseCookie cookie = result.getResponseCookies().getFirst("SESSION");
		if (cookie != null) {
			return cookie.getValue();
		}
		assertThat(current).as("SESSION cookie").isNotNull();
		return current;
	}

}
