package org.hubben.web;

import java.util.List;

import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.organisation.ApiTokenRefused;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;

/**
 * {@code Authorization: Bearer hbn_…}: a member's personal API token logs the request in
 * as that member, with their role, for that request only (nothing is kept in a session).
 * A request without a bearer token passes on untouched, to HTTP Basic; one whose token is
 * unknown, revoked or expired is answered by the entry point with the reason.
 */
final class BearerTokenLogin {

	private static final String BEARER = "Bearer ";

	private BearerTokenLogin() {
	}

	/**
	 * @param refused answers a request whose token authenticates nothing; the
	 * {@link BadCredentialsException} it receives carries the reason as its message
	 */
	static AuthenticationWebFilter filter(ApiTokenIssuer issuer, ServerAuthenticationEntryPoint refused) {
		AuthenticationWebFilter filter = new AuthenticationWebFilter(manager(issuer));
		filter.setServerAuthenticationConverter(converter());
		filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(refused));
		return filter;
	}

	private static ServerAuthenticationConverter converter() {
		return (exchange) -> {
			String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
			if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				return Mono.empty();
			}
			return Mono.just(new PresentedToken(authorization.substring(BEARER.length()).strip()));
		};
	}

	private static ReactiveAuthenticationManager manager(ApiTokenIssuer issuer) {
		return (authentication) -> issuer.authenticate((String) authentication.getCredentials())
			.<Authentication>map((member) -> UsernamePasswordAuthenticationToken.authenticated(member.username(), null,
					List.of(new SimpleGrantedAuthority("ROLE_" + member.role().name()))))
			.onErrorMap(ApiTokenRefused.class, (ex) -> new BadCredentialsException(ex.getMessage(), ex));
	}

	/** A token as a request presented it, not yet checked. Never shows the token. */
	private static final class PresentedToken extends AbstractAuthenticationToken {

		private final String token;

		PresentedToken(String token) {
			super(List.of());
			this.token = token;
		}

		@Override
		public Object getCredentials() {
			return this.token;
		}

		@Override
		public Object getPrincipal() {
			return "API token";
		}

		@Override
		public String toString() {
			return "PresentedToken";
		}

	}

}
