package org.hubben.web.site;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.stereotype.Component;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * The hot path of an election night: a GET or HEAD for a public page that is already
 * rendered is answered from memory by Reactor Netty itself, ahead of WebFlux (no
 * exchange, no filter chain, no observation), with the very bytes and headers that
 * {@link SitePages} and the public security chain ({@link SiteSecurity}) answer for it.
 * Anything this route is not sure of falls through to WebFlux unchanged: the first
 * request for each page, a page that is not {@code 200 OK}, any other method or address,
 * an address or query that would need decoding (all that Spring Security's firewall
 * refuses in an address needs it), a header value the firewall would refuse, and a
 * request whose scheme a {@link ForwardedHeaderTransformer} would rewrite.
 */
@Component
class PagesFromMemory implements NettyRouteProvider {

	/**
	 * The pages keyed by path and language, exactly as {@link SitePages} keys them. Slugs
	 * here are limited to characters that need no decoding, so the raw path is the path
	 * WebFlux matches its routes against.
	 */
	private static final Pattern PAGES = Pattern
		.compile("/p/[A-Za-z0-9_-]+(/share)?|/o/[A-Za-z0-9_-]+(/channels|/share|/tips)?|/privacy");

	/**
	 * A query whose parameters read the same raw and decoded: no {@code %}, no {@code +},
	 * nothing a URI would refuse.
	 */
	private static final Pattern PLAIN_QUERY = Pattern.compile("[A-Za-z0-9._~=&-]*");

	/** How WebFlux splits a query into parameters ({@code AbstractServerHttpRequest}). */
	private static final Pattern QUERY_PARAMETER = Pattern.compile("([^&=]+)(=?)([^&]+)?");

	private static final String[] FORWARDED = { "Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host",
			"X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Ssl" };

	private final RenderedPages pages;

	private final SitePages sitePages;

	private final boolean forwardedHeadersRewritten;

	/**
	 * What the route's test found, for its handler: Reactor Netty calls the handler right
	 * after a test that passed, on the same thread, so the page is looked up once and the
	 * handler answers with the very page the test saw even if the pages are dropped in
	 * between.
	 */
	private final ThreadLocal<Request> found = new ThreadLocal<>();

	PagesFromMemory(RenderedPages pages, SitePages sitePages, ObjectProvider<ForwardedHeaderTransformer> forwarded) {
		this.pages = pages;
		this.sitePages = sitePages;
		this.forwardedHeadersRewritten = forwarded.getIfAvailable() != null;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(this::inMemory, this::answer);
	}

	private boolean inMemory(HttpServerRequest request) {
		Request page = pageFor(request);
		this.found.set(page);
		return page != null;
	}

	/**
	 * @return the page WebFlux would answer {@code 200 OK} (or {@code 304}) with, when it
	 * is in memory; {@code null} when WebFlux should answer
	 */
	private Request pageFor(HttpServerRequest request) {
		HttpMethod method = request.method();
		if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
			return null;
		}
		String uri = request.uri();
		int queryStart = uri.indexOf('?');
		String path = (queryStart < 0) ? uri : uri.substring(0, queryStart);
		String query = (queryStart < 0) ? null : uri.substring(queryStart + 1);
		if (!PAGES.matcher(path).matches() || (query != null && !PLAIN_QUERY.matcher(query).matches())
				|| rewrittenByForwardedHeaders(request.requestHeaders())) {
			return null;
		}
		HttpHeaders headers = request.requestHeaders();
		String acceptLanguage = headers.get(HttpHeaderNames.ACCEPT_LANGUAGE);
		String ifNoneMatch = headers.get(HttpHeaderNames.IF_NONE_MATCH);
		if (!allowed(acceptLanguage) || !allowed(ifNoneMatch)) {
			return null;
		}
		SiteLanguage language = SiteLanguage.of(parameter(query, "lang"), acceptLanguage,
				this.sitePages.defaultLanguage());
		RenderedPage page = this.pages.ifRendered(path + "|" + language.key());
		if (page == null || page.status() != HttpStatus.OK) {
			return null;
		}
		return new Request(request, page, query, ifNoneMatch);
	}

	private Publisher<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		Request found = this.found.get();
		this.found.remove();
		if (found == null || found.request() != request) {
			throw new IllegalStateException("Answering a public page that the route's test did not find");
		}
		RenderedPage page = found.page();
		if (request.method() == HttpMethod.GET) {
			this.sitePages.countVisit(page, parameter(found.query(), "utm_source"));
		}
		HttpHeaders headers = response.responseHeaders();
		SiteSecurity.writeHeaders(headers::set, "https".equalsIgnoreCase(request.scheme()));
		headers.set(HttpHeaderNames.ETAG, page.etag());
		headers.set(HttpHeaderNames.CACHE_CONTROL, page.cacheControl());
		if (page.matches(found.ifNoneMatch())) {
			String vary = page.headers().get(org.springframework.http.HttpHeaders.VARY);
			if (vary != null) {
				headers.set(HttpHeaderNames.VARY, vary);
			}
			return response.status(HttpResponseStatus.NOT_MODIFIED).send();
		}
		page.headers().forEach(headers::set);
		headers.set(HttpHeaderNames.CONTENT_TYPE, page.contentType().toString());
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, page.body().length);
		response.status(HttpResponseStatus.OK);
		if (request.method() == HttpMethod.HEAD) {
			return response.send();
		}
		return response.send(Mono.just(Unpooled.wrappedBuffer(page.body())));
	}

	/**
	 * Spring Security's firewall refuses a header value with control characters when the
	 * application reads it, as {@link SitePages} does: such a request goes to WebFlux to
	 * be refused there.
	 */
	private static boolean allowed(String headerValue) {
		return headerValue == null || StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(headerValue);
	}

	/**
	 * With {@code server.forward-headers-strategy=framework}, WebFlux takes the scheme
	 * (and with it whether to send HSTS) from these headers; Reactor Netty does not.
	 */
	private boolean rewrittenByForwardedHeaders(HttpHeaders headers) {
		if (!this.forwardedHeadersRewritten) {
			return false;
		}
		for (String name : FORWARDED) {
			if (headers.contains(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @return the first value of the query parameter as WebFlux reads it: {@code null}
	 * when absent or given without {@code =}, empty when given with {@code =} alone
	 */
	static String parameter(String query, String name) {
		if (query == null || query.indexOf(name) < 0) {
			return null;
		}
		Matcher matcher = QUERY_PARAMETER.matcher(query);
		while (matcher.find()) {
			if (name.equals(matcher.group(1))) {
				String value = matcher.group(3);
				return (value != null) ? value : (matcher.group(2).isEmpty() ? null : "");
			}
		}
		return null;
	}

	private record Request(HttpServerRequest request, RenderedPage page, String query, String ifNoneMatch) {

	}

}
