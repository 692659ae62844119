package org.hubben.web.site;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The public addresses. Functional routes rather than controllers: they are the hot path
 * on an election night, and each only looks a rendered page up in memory.
 */
@Configuration(proxyBeanMethods = false)
class SiteRoutes {

	@Bean
	RouterFunction<ServerResponse> publicSite(SitePages pages) {
		return RouterFunctions.route()
			.route(read("/p/{slug}"), pages::post)
			.route(read("/p/{slug}/share"), pages::postKit)
			.route(read("/p/{slug}/share/{target}"), pages::shareDialog)
			.route(read("/p/{slug}/card.png"), pages::card)
			.route(read("/p/{slug}/download"), pages::download)
			.route(read("/o/{slug}"), pages::organisation)
			.route(read("/o/{slug}/feed.atom"), pages::feed)
			.route(read("/o/{slug}/channels"), pages::channels)
			.route(read("/o/{slug}/share"), pages::organisationKit)
			.route(read("/o/{slug}/tips"), pages::tips)
			.route(read("/privacy"), pages::privacy)
			.route(read("/m/{id}"), pages::media)
			.route(read("/site/{file}"), pages::asset)
			.route(read("/p/**").or(read("/o/**")).or(read("/m/**")).or(read("/site/**")).or(read("/favicon.ico")),
					pages::notFound)
			.build();
	}

	/** GET, and HEAD, which WebFlux answers with the same headers and no body. */
	private static RequestPredicate read(String pattern) {
		return RequestPredicates.path(pattern)
			.and(RequestPredicates.method(HttpMethod.GET).or(RequestPredicates.method(HttpMethod.HEAD)));
	}

}
