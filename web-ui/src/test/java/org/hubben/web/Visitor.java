package org.hubben.web;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A person in a browser without a login yet (someone invited, a member resetting their
 * password): keeps the session cookie Hubben gives, and posts forms with their CSRF
 * token.
 */
final class Visitor {

	private final WebTestClient client;

	private String session;

	Visitor(int port) {
		this.client = SignedInBrowser.client("http://127.0.0.1:" + port);
	}

	/**
	 * @param from the client's own address, another of the loopback range (127.0.0.0/8)
	 * than the other tests' 127.0.0.1
	 */
	Visitor(int port, String from) {
		this.client = from(port, from);
	}

	/** A client whose requests come from {@code from}, a loopback address. */
	static WebTestClient from(int port, String from) {
		HttpClient http = HttpClient.create(ConnectionProvider.newConnection())
			.bindAddress(() -> new InetSocketAddress(from, 0));
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	String session() {
		return this.session;
	}

	Document open(String path, HttpStatus status) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri(path);
		if (this.session != null) {
			request = request.cookie("SESSION", this.session);
		}
		EntityExchangeResult<String> result = request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult();
		keep(result);
		return Jsoup.parse(result.getResponseBody(), result.getUrl().toString());
	}

	/** Posts the form with its CSRF token; answers the response, its session kept. */
	EntityExchangeResult<String> submit(Element form, MultiValueMap<String, String> fields, HttpStatus status) {
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>(fields);
		body.set("_csrf", SignedInBrowser.csrfOf(form));
		WebTestClient.RequestBodySpec request = this.client.post().uri(form.attr("action"));
		if (this.session != null) {
			request = request.cookie("SESSION", this.session);
		}
		EntityExchangeResult<String> result = request.body(BodyInserters.fromFormData(body))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult();
		keep(result);
		return result;
	}

	private void keep(EntityExchangeResult<?> result) {
		ResponseCookie cookie = result.getResponseCookies().getFirst("SESSION");
		if (cookie != null) {
			this.session = cookie.getValue().isEmpty() ? null : cookie.getValue();
		}
	}

}
