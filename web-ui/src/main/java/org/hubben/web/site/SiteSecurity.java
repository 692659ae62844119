package org.hubben.web.site;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

/**
 * The public paths have a security chain of their own, ahead of the workspace's:
 * stateless (no session, so no session cookie), no CSRF token (so no CSRF cookie; they
 * take no form), read-only (anything but GET and HEAD is answered 405), and a strict
 * Content-Security-Policy that allows this site's own scripts, styles and images only.
 * Caching headers are the pages' own, not Spring Security's {@code no-store}. The chain's
 * headers are written from one list that {@link PagesFromMemory} writes too.
 */
@Configuration(proxyBeanMethods = false)
class SiteSecurity {

	static final String[] PUBLIC_PATHS = { "/p/**", "/o/**", "/m/**", "/site/**", "/privacy", "/favicon.ico" };

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	/**
	 * The headers the public chain adds to every response, whatever the page: one list
	 * for the chain and for {@link PagesFromMemory}, which answers without the chain.
	 * Spring Security's defaults for the rest of the application, plus this chain's
	 * policy.
	 */
	private static final List<Map.Entry<String, String>> HEADERS = List.of(
			Map.entry("X-Content-Type-Options", "nosniff"), Map.entry("X-Frame-Options", "DENY"),
			Map.entry("X-XSS-Protection", "0"), Map.entry("Content-Security-Policy", CONTENT_SECURITY_POLICY),
			Map.entry("Referrer-Policy", "no-referrer"));

	/** As Spring Security's default, and only over HTTPS. */
	private static final Map.Entry<String, String> STRICT_TRANSPORT_SECURITY = Map.entry("Strict-Transport-Security",
			"max-age=31536000 ; includeSubDomains");

	/**
	 * Writes the public chain's headers.
	 * @param header sets one header
	 * @param secure whether the request came over HTTPS, as its scheme says
	 */
	static void writeHeaders(BiConsumer<String, String> header, boolean secure) {
		for (Map.Entry<String, String> entry : HEADERS) {
			header.accept(entry.getKey(), entry.getValue());
		}
		if (secure) {
			header.accept(STRICT_TRANSPORT_SECURITY.getKey(), STRICT_TRANSPORT_SECURITY.getValue());
		}
	}

	@Bean
	@Order(0)
	SecurityWebFilterChain site(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(PUBLIC_PATHS))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.GET, PUBLIC_PATHS)
				.permitAll()
				.pathMatchers(HttpMethod.HEAD, PUBLIC_PATHS)
				.permitAll()
				.anyExchange()
				.denyAll())
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint((exchange, ex) -> methodNotAllowed(exchange))
						.accessDeniedHandler((exchange, ex) -> methodNotAllowed(exchange)))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.headers((headers) -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable)
				.contentTypeOptions(ServerHttpSecurity.HeaderSpec.ContentTypeOptionsSpec::disable)
				.frameOptions(ServerHttpSecurity.HeaderSpec.FrameOptionsSpec::disable)
				.xssProtection(ServerHttpSecurity.HeaderSpec.XssProtectionSpec::disable)
				.hsts(ServerHttpSecurity.HeaderSpec.HstsSpec::disable)
				.writer(SiteSecurity::writeHeaders))
			.build();
	}

	/**
	 * As Spring Security's own writers do: a header the page set itself is kept, and HSTS
	 * only goes with a request whose address is {@code https}.
	 */
	private static Mono<Void> writeHeaders(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		writeHeaders((name, value) -> {
			if (!headers.containsHeader(name)) {
				headers.set(name, value);
			}
		}, "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme()));
		return Mono.empty();
	}

	private static Mono<Void> methodNotAllowed(ServerWebExchange exchange) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
		response.getHeaders().set(HttpHeaders.ALLOW, "GET, HEAD");
		return response.setComplete();
	}

}
