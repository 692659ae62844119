package org.hubben.web.site;

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
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

/**
 * The public paths have a security chain of their own, ahead of the workspace's:
 * stateless (no session, so no session cookie), no CSRF token (so no CSRF cookie; they
 * take no form), read-only (anything but GET and HEAD is answered 405), and a strict
 * Content-Security-Policy that allows this site's own scripts, styles and images only.
 * Caching headers are the pages' own, not Spring Security's {@code no-store}.
 */
@Configuration(proxyBeanMethods = false)
class SiteSecurity {

	static final String[] PUBLIC_PATHS = { "/p/**", "/o/**", "/m/**", "/site/**", "/privacy", "/favicon.ico" };

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.build();
	}

	private static Mono<Void> methodNotAllowed(ServerWebExchange exchange) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
		response.getHeaders().set(HttpHeaders.ALLOW, "GET, HEAD");
		return response.setComplete();
	}

}
