package org.hubben.web.site;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.hubben.HubbenIntegrationTest;
import org.hubben.sharing.PublicCounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A public page answered from memory by {@link PagesFromMemory}, ahead of WebFlux, is the
 * answer WebFlux gives for it: the same status, every header (but {@code Date}) and the
 * same bytes, for each language, for a conditional request and for HEAD.
 */
@HubbenIntegrationTest
class PagesFromMemoryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	RenderedPages pages;

	@Autowired
	PublicCounts counts;

	@Autowired
	MeterRegistry meters;

	private SiteFixture site;

	private String slug;

	private UUID postId;

	@BeforeEach
	void publish() {
		this.site = new SiteFixture(this.port);
		Map<String, Object> post = this.site.publish(SiteFixture.unique("From memory"),
				SiteFixture.unique("Rösta i kväll"), true);
		this.slug = (String) post.get("slug");
		this.postId = UUID.fromString((String) post.get("id"));
	}

	@Test
	void answersAPageFromMemoryAsWebFluxAnswersIt() {
		String kit = "/p/" + this.slug + "/share";
		EntityExchangeResult<byte[]> page = sameFromMemory(HttpMethod.GET, kit, "/p/{slug}/share", (headers) -> {
		});
		assertThat(page.getStatus().value()).isEqualTo(200);
		assertThat(page.getResponseHeaders().getFirst("Content-Security-Policy"))
			.isEqualTo(SiteSecurity.CONTENT_SECURITY_POLICY);
		assertThat(page.getResponseHeaders().getVary()).contains(HttpHeaders.ACCEPT_LANGUAGE);
		sameFromMemory(HttpMethod.GET, kit + "?lang=sv", "/p/{slug}/share", (headers) -> {
		});
		sameFromMemory(HttpMethod.GET, kit + "?lang=en&utm_source=supporter", "/p/{slug}/share", (headers) -> {
		});
		sameFromMemory(HttpMethod.GET, kit, "/p/{slug}/share",
				(headers) -> headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en-GB,en;q=0.9"));
		sameFromMemory(HttpMethod.GET, "/p/" + this.slug, "/p/{slug}",
				(headers) -> headers.set(HttpHeaders.ACCEPT_LANGUAGE, "sv-SE,sv;q=0.9"));
		sameFromMemory(HttpMethod.GET, "/o/hubben/tips?lang=en", "/o/{slug}/tips", (headers) -> {
		});
		sameFromMemory(HttpMethod.GET, "/privacy", "/privacy", (headers) -> {
		});
	}

	@Test
	void answersNotModifiedAndHeadFromMemoryAsWebFluxAnswersThem() {
		String kit = "/p/" + this.slug + "/share";
		String etag = this.site.visitor()
			.get()
			.uri(kit + "?lang=en")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getETag();
		EntityExchangeResult<byte[]> notModified = sameFromMemory(HttpMethod.GET, kit + "?lang=en", "/p/{slug}/share",
				(headers) -> headers.set(HttpHeaders.IF_NONE_MATCH, etag));
		assertThat(notModified.getStatus().value()).isEqualTo(304);
		assertThat(notModified.getResponseHeaders().getETag()).isEqualTo(etag);
		EntityExchangeResult<byte[]> head = sameFromMemory(HttpMethod.HEAD, kit, "/p/{slug}/share", (headers) -> {
		});
		assertThat(head.getStatus().value()).isEqualTo(200);
		assertThat(head.getResponseHeaders().getContentLength()).isPositive();
		assertThat(head.getResponseBodyContent()).isNullOrEmpty();
	}

	@Test
	void countsEveryVisitAnsweredFromMemoryBySourceButNoHead() {
		String kit = "/p/" + this.slug + "/share";
		this.counts.flush().block();
		Map<String, Long> before = this.counts.totals(this.postId).block();
		visit(HttpMethod.GET, kit + "?utm_source=x");
		assertThat(this.pages.ifRendered(kit + "|sv")).isNotNull();
		visit(HttpMethod.GET, kit + "?utm_source=x");
		visit(HttpMethod.GET, kit + "?utm_source=X&lang=sv");
		visit(HttpMethod.GET, kit + "?lang=sv&utm_source=");
		visit(HttpMethod.GET, kit + "?utm_source");
		visit(HttpMethod.GET, kit);
		visit(HttpMethod.HEAD, kit + "?utm_source=x");
		this.counts.flush().block();
		Map<String, Long> after = this.counts.totals(this.postId).block();
		// The fixture's wait for the post's page counted direct visits of its own.
		assertThat(Map.of("x", added(before, after, "VISIT/x"), "other", added(before, after, "VISIT/other"), "direct",
				added(before, after, "VISIT/direct")))
			.isEqualTo(Map.of("x", 3L, "other", 1L, "direct", 2L));
	}

	private static long added(Map<String, Long> before, Map<String, Long> after, String key) {
		return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
	}

	private void visit(HttpMethod method, String uri) {
		this.site.visitor().method(method).uri(uri).exchange().expectStatus().isOk().expectBody().returnResult();
	}

	/**
	 * Asks for the page twice: first with nothing in memory, so WebFlux renders and
	 * answers it, then again, answered from memory without WebFlux (whose
	 * {@code http.server.requests} observation does not see it).
	 * @return the second answer
	 */
	private EntityExchangeResult<byte[]> sameFromMemory(HttpMethod method, String uri, String route,
			Consumer<HttpHeaders> headers) {
		this.pages.clear();
		EntityExchangeResult<byte[]> rendered = exchange(method, uri, headers);
		long observed = observed(route);
		EntityExchangeResult<byte[]> fromMemory = exchange(method, uri, headers);
		assertThat(observed(route)).as("WebFlux answers of %s", uri).isEqualTo(observed);
		assertThat(fromMemory.getStatus()).as("status of %s", uri).isEqualTo(rendered.getStatus());
		assertThat(withoutDate(fromMemory.getResponseHeaders())).as("headers of %s", uri)
			.isEqualTo(withoutDate(rendered.getResponseHeaders()));
		assertThat(fromMemory.getResponseBodyContent()).as("body of %s", uri)
			.isEqualTo(rendered.getResponseBodyContent());
		return fromMemory;
	}

	private EntityExchangeResult<byte[]> exchange(HttpMethod method, String uri, Consumer<HttpHeaders> headers) {
		return this.site.visitor().method(method).uri(uri).headers(headers).exchange().expectBody().returnResult();
	}

	/**
	 * @return how many requests WebFlux has answered on the route (its observation ends
	 * just after the response, so given a moment)
	 */
	private long observed(String route) {
		SiteFixture.sleep(Duration.ofMillis(200));
		return this.meters.find("http.server.requests")
			.tag("uri", route)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private static Map<String, List<String>> withoutDate(HttpHeaders headers) {
		Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> {
			if (!name.equalsIgnoreCase(HttpHeaders.DATE)) {
				all.put(name, values);
			}
		});
		return all;
	}

}
