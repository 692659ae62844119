package org.hubben;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

/** WebTestClients that talk to the running test server over real HTTP. */
public final class TestClients {

	public static final String ADMIN = "admin";

	public static final String ADMIN_PASSWORD = "test-admin-password";

	private TestClients() {
	}

	public static WebTestClient anonymous(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
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
