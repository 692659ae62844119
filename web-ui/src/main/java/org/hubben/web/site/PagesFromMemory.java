package org.hubben.web.site;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The hot path of an election night: a GET for a public page that is already rendered is
 * answered from memory right here, after the security filters (so the public chain's
 * checks and headers apply as to any other response) but before handler lookup, routing
 * and message writers. Everything else, including the first request for each page, goes
 * on to {@link SitePages}, which renders and keeps the page; both answer with the same
 * bytes and headers.
 */
@Component
@Order(0)
class PagesFromMemory implements WebFilter {

	/** The pages keyed by path and language, exactly as {@link SitePages} keys them. */
	private static final Pattern PAGES = Pattern
		.compile("/p/[^/]+(/share)?|/o/[^/]+(/channels|/share|/tips)?|/privacy");

	private final RenderedPages pages;

	private final SitePages sitePages;

	PagesFromMemory(RenderedPages pages, SitePages sitePages) {
		this.pages = pages;
		this.sitePages = sitePages;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.GET) {
			return chain.filter(exchange);
		}
		String path = request.getPath().pathWithinApplication().value();
		if (!PAGES.matcher(path).matches()) {
			return chain.filter(exchange);
		}
		SiteLanguage language = SiteLanguage.of(request.getQueryParams().getFirst("lang"),
				request.getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE), this.sitePages.defaultLanguage());
		RenderedPage page = this.pages.ifRendered(path + "|" + language.key());
		if (page == null || page.status() != HttpStatus.OK) {
			return chain.filter(exchange);
		}
		this.sitePages.countVisit(page, request.getQueryParams().getFirst("utm_source"));
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		headers.setETag(page.etag());
		headers.set(HttpHeaders.CACHE_CONTROL, page.cacheControl());
		if (page.matches(request.getHeaders().getFirst(HttpHeaders.IF_NONE_MATCH))) {
			String vary = page.headers().get(HttpHeaders.VARY);
			if (vary != null) {
				headers.set(HttpHeaders.VARY, vary);
			}
			response.setStatusCode(HttpStatus.NOT_MODIFIED);
			return response.setComplete();
		}
		page.headers().forEach(headers::set);
		headers.setContentType(page.contentType());
		headers.setContentLength(page.body().length);
		response.setStatusCode(HttpStatus.OK);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(page.body())));
	}

}
