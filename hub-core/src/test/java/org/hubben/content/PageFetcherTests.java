package org.hubben.content;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fetcher against a real page server on the loopback interface. The server is reached
 * as {@code pages.test}, a name the test resolver maps to 127.0.0.1, which the operator's
 * allow-list lets through on the server's port only; the same links without the
 * allow-list are refused, so the positive tests pass through the real checks.
 */
class PageFetcherTests {

	private PageServer server;

	private PageFetcher fetcher;

	private PageFetcher unlisted;

	private final AtomicInteger lookups = new AtomicInteger();

	@BeforeEach
	void start() {
		this.server = new PageServer();
		HostResolver names = PageServer
			.resolving(Map.of("pages.test", "127.0.0.1", "internal.test", "10.0.0.5", "loopback.test", "127.0.0.1"));
		HostResolver counting = (host) -> {
			this.lookups.incrementAndGet();
			return names.resolve(host);
		};
		this.fetcher = new PageFetcher(new AddressGuard(List.of("pages.test:" + this.server.port())), counting);
		this.unlisted = new PageFetcher(new AddressGuard(List.of()), counting);
	}

	@AfterEach
	void stop() {
		this.fetcher.close();
		this.unlisted.close();
		this.server.close();
	}

	private String page(String path) {
		return "http://pages.test:" + this.server.port() + path;
	}

	private Mono<FetchedPage> fetch(PageFetcher fetcher, String link) {
		return Mono.defer(() -> fetcher.fetch(fetcher.target(link)));
	}

	private void unreachable(String link, String reason) {
		StepVerifier.create(fetch(this.fetcher, link))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PageUnreachable.class).hasMessage(reason))
			.verify(Duration.ofSeconds(30));
	}

	private void refused(PageFetcher fetcher, String link, String message) {
		StepVerifier.create(fetch(fetcher, link))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InvalidLink.class).hasMessageContaining(message))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void fetchesAnAllowListedPageByItsNameWithTheNameAsHostHeader() {
		StepVerifier.create(fetch(this.fetcher, page("/card"))).assertNext((page) -> {
			assertThat(page.url()).hasToString(page("/card"));
			assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
			assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(PageServer.CARD);
			assertThat(page.truncated()).isFalse();
		}).verifyComplete();
		assertThat(this.server.hostHeaders).containsExactly("pages.test:" + this.server.port());
	}

	@Test
	void refusesTheSamePageWithoutTheAllowList() {
		refused(this.unlisted, page("/card"), "Hubben fetches pages only on ports 80 and 443, not on port ");
		// On port 80 the name passes the link checks; its address is refused as it is
		// resolved, before any connection.
		refused(this.unlisted, "http://pages.test/card",
				"Hubben does not fetch addresses on private networks: pages.test resolves to 127.0.0.1, a loopback address");
		assertThat(this.server.hits("/card")).isZero();
	}

	@Test
	void refusesANameThatTheSystemResolvesToLoopback() {
		PageFetcher system = new PageFetcher(new AddressGuard(List.of()), HostResolver.system());
		try {
			refused(system, "http://localhost/",
					"Hubben does not fetch addresses on private networks: localhost resolves to ");
			refused(system, "https://localhost/", "a loopback address");
		}
		finally {
			system.close();
		}
	}

	@Test
	void connectsToTheAddressItCheckedWithoutLookingTheNameUpAgain() {
		AtomicInteger rebindingLookups = new AtomicInteger();
		// A name that answers loopback once and then an address nothing listens on, as a
		// rebinding attacker's DNS would: the connection must use the first answer.
		HostResolver rebinding = (host) -> {
			String address = (rebindingLookups.getAndIncrement() == 0) ? "127.0.0.1" : "127.0.0.2";
			try {
				return Mono.just(List.of(InetAddress.getByName(address)));
			}
			catch (UnknownHostException ex) {
				return Mono.error(ex);
			}
		};
		PageFetcher pinned = new PageFetcher(new AddressGuard(List.of("pages.test:" + this.server.port())), rebinding);
		try {
			StepVerifier.create(fetch(pinned, page("/card"))).expectNextCount(1).verifyComplete();
			assertThat(rebindingLookups).hasValue(1);
		}
		finally {
			pinned.close();
		}
	}

	@Test
	void asksForTheNameNotTheAddressWhenItConnectsOverTls() throws Exception {
		try (ClientHelloRecorder tls = new ClientHelloRecorder()) {
			PageFetcher fetcher = new PageFetcher(new AddressGuard(List.of("pages.test:" + tls.port())),
					PageServer.resolving(Map.of("pages.test", "127.0.0.1")));
			try {
				StepVerifier.create(fetch(fetcher, "https://pages.test:" + tls.port() + "/card"))
					.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PageUnreachable.class))
					.verify(Duration.ofSeconds(30));
				assertThat(tls.serverName.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("pages.test");
			}
			finally {
				fetcher.close();
			}
		}
	}

	@Test
	void followsUpToThreeRedirectsCheckingEachOne() {
		StepVerifier.create(fetch(this.fetcher, page("/hops/2")))
			.assertNext((page) -> assertThat(page.url()).hasToString(page("/card")))
			.verifyComplete();
		assertThat(this.lookups).hasValue(4);
		assertThat(this.server.hits("/card")).isEqualTo(1);
	}

	@Test
	void givesUpAfterThreeRedirects() {
		unreachable(page("/hops/3"), "it redirects more than 3 times");
		assertThat(this.server.hits("/hops/0")).isEqualTo(1);
		assertThat(this.server.hits("/card")).isZero();
	}

	@Test
	void refusesARedirectFromAnAllowedPageToALoopbackAddress() {
		unreachable(page("/redirect?to=http%3A%2F%2F127.0.0.1%2Fcard"),
				"it redirects to an address Hubben does not fetch (Hubben does not fetch addresses on private networks: "
						+ "127.0.0.1 is a loopback address)");
		unreachable(page("/redirect?to=http%3A%2F%2F%5B%3A%3Affff%3A7f00%3A1%5D%2Fcard"),
				"it redirects to an address Hubben does not fetch (Hubben does not fetch addresses on private networks: "
						+ "127.0.0.1 is a loopback address)");
		assertThat(this.server.hits("/redirect")).isEqualTo(2);
		assertThat(this.server.hits("/card")).isZero();
	}

	@Test
	void refusesARedirectToANameThatResolvesToAPrivateAddress() {
		unreachable(page("/redirect?to=http%3A%2F%2Finternal.test%2Fadmin"),
				"it redirects to an address Hubben does not fetch (Hubben does not fetch addresses on private networks: "
						+ "internal.test resolves to 10.0.0.5, a private address)");
	}

	@Test
	void refusesARedirectToAnotherSchemeOrPort() {
		unreachable(page("/redirect?to=file%3A%2F%2F%2Fetc%2Fpasswd"),
				"it redirects to an address Hubben does not fetch (Hubben fetches only http and https links, not file:)");
		unreachable(page("/redirect?to=http%3A%2F%2Fpages.test%3A6379%2F"),
				"it redirects to an address Hubben does not fetch (Hubben fetches pages only on ports 80 and 443, not on port 6379)");
	}

	@Test
	void readsTheFirstMegabyteOfALargerPageAndStops() {
		StepVerifier.create(fetch(this.fetcher, page("/endless"))).assertNext((page) -> {
			assertThat(page.body()).hasSize(PageFetcher.SIZE_LIMIT);
			assertThat(page.truncated()).isTrue();
			assertThat(new String(page.body(), StandardCharsets.UTF_8)).startsWith("<html><head>");
		}).verifyComplete();
		await().atMost(Duration.ofSeconds(30)).untilTrue(this.server.endlessPageCancelled);
	}

	@Test
	void givesUpOnAPageSlowerThanFiveSeconds() {
		unreachable(page("/slow"), "it did not answer within 5 seconds");
	}

	@Test
	void readsOnlyHtml() {
		StepVerifier.create(fetch(this.fetcher, page("/image"))).assertNext((page) -> {
			assertThat(page.contentType()).isEqualTo("image/png");
			assertThat(page.body()).isEmpty();
			assertThat(page.html()).isFalse();
		}).verifyComplete();
	}

	@Test
	void saysWhyAPageCannotBeRead() {
		unreachable(page("/missing"), "it answered 404 Not Found");
		unreachable("http://unknown.test/", "its host name does not resolve to an address");
	}

	@Test
	void saysWhenTheServerRefusesTheConnection() {
		this.server.close();
		unreachable(page("/card"), "its server refused the connection");
	}

}
