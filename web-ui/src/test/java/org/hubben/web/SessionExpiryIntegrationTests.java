package org.hubben.web;

import java.time.Duration;
import java.time.Instant;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page sessions expire after 30 minutes without a request and 12 hours after the login:
 * the page goes to the login, which says why; the API riding on the session gets 401
 * problem JSON. The test moves a session's clocks back instead of waiting.
 */
@HubbenIntegrationTest
class SessionExpiryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSessionManager sessions;

	@Test
	void aSessionIdleForLongerThanTheTimeoutSendsThePageToTheLoginSayingItExpired() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		browser.page("/account/tokens");
		session(browser).getAttributes().put(SessionExpiry.LAST_SEEN, Instant.now().minus(Duration.ofMinutes(31)));
		TestClients.anonymous(this.port)
			.get()
			.uri("/account/tokens")
			.cookie("SESSION", browser.session())
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login?expired");
		assertThat(new Visitor(this.port).open("/login?expired", org.springframework.http.HttpStatus.OK)
			.select("#login-expired")
			.text()).isEqualTo("Your session expired, log in again.");
		TestClients.anonymous(this.port)
			.get()
			.uri("/account/tokens")
			.cookie("SESSION", browser.session())
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login");
	}

	@Test
	void aSessionOlderThanItsLifetimeEndsHoweverBusyAndTheApiAnswers401() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.cookie("SESSION", browser.session())
			.exchange()
			.expectStatus()
			.isOk();
		session(browser).getAttributes().put(SessionExpiry.LOGGED_IN_AT, Instant.now().minus(Duration.ofHours(13)));
		TestClients.anonymous(this.port)
			.get()
			.uri("/api/channels")
			.cookie("SESSION", browser.session())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("Your session expired, log in again"));
	}

	@Test
	void aSessionInUseWithinItsTimesStaysLoggedIn() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		session(browser).getAttributes().put(SessionExpiry.LAST_SEEN, Instant.now().minus(Duration.ofMinutes(29)));
		session(browser).getAttributes().put(SessionExpiry.LOGGED_IN_AT, Instant.now().minus(Duration.ofHours(11)));
		browser.page("/account/tokens");
		assertThat((Instant) session(browser).getAttribute(SessionExpiry.LAST_SEEN))
			.isAfter(Instant.now().minus(Duration.ofMinutes(1)));
	}

	private WebSession session(SignedInBrowser browser) {
		WebSession session = ((DefaultWebSessionManager) this.sessions).getSessionStore()
			.retrieveSession(browser.session())
			.block(Duration.ofSeconds(5));
		assertThat(session).as("the browser's session").isNotNull();
		return session;
	}

}
