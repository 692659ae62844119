package org.hubben;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** WebTestClients that talk to the running test server over real HTTP. */
public final class TestClients {

	public static final String ADMIN = "admin";

	public static final String ADMIN_PASSWORD = "test-admin-password";

	private TestClients() {
	}

	/**
	 * A client that opens a new connection for every request: Reactor Netty 1.3.6's
	 * server can stop reading a keep-alive connection when the next request arrives
	 * before the previous one's operations have terminated (reactor/reactor-netty#4361),
	 * which hangs a test for its whole response timeout.
	 */
	public static WebTestClient anonymous(int port) {
		return anonymous("http://127.0.0.1:" + port);
	}

	/** As {@link #anonymous(int)}, through the server's address {@code baseUrl}. */
	public static WebTestClient anonymous(String baseUrl) {
		return WebTestClient
			.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(15))
			.build();
	}

	/** Authenticated with HTTP Basic as the first administrator, as API clients are. */
	public static WebTestClient admin(int port) {
		return anonymous(port).mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(ADMIN, ADMIN_PASSWORD))
			.build();
	}

}
