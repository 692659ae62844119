package org.hubben.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.hubben.organisation.LoginAttempts;
import org.hubben.organisation.MemberAdministrator;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Password logins (the login form and HTTP Basic) under the rate limit of
 * {@link LoginAttempts}: a refused attempt never reaches the password check; a failure is
 * counted against the username and the client's address; a success clears the username's
 * count and records the member's last login. The form's success also starts the session's
 * clocks ({@link SessionExpiry}).
 */
final class LoginGuard {

	private LoginGuard() {
	}

	static ReactiveAuthenticationManager manager(ReactiveUserDetailsService users, PasswordEncoder passwordEncoder,
			LoginAttempts attempts, MemberAdministrator administrator) {
		UserDetailsRepositoryReactiveAuthenticationManager passwords = new UserDetailsRepositoryReactiveAuthenticationManager(
				users);
		passwords.setPasswordEncoder(passwordEncoder);
		return (authentication) -> Mono.deferContextual((context) -> {
			String address = context.<ServerWebExchange>getOrEmpty(ServerWebExchange.class)
				.flatMap(LoginGuard::address)
				.orElse(null);
			String username = authentication.getName();
			return attempts.refusal(username, address)
				.flatMap((wait) -> Mono.<Authentication>error(new LoginThrottled(wait)))
				.switchIfEmpty(Mono.defer(() -> passwords.authenticate(authentication)))
				.flatMap((done) -> attempts.succeeded(username)
					.then(administrator.recordLogin(username))
					.thenReturn(done))
				.onErrorResume(BadCredentialsException.class,
						(ex) -> attempts.failed(username, address).then(Mono.error(ex)));
		});
	}

	/**
	 * The form's failure: back to the login page, saying how long to wait when the rate
	 * limit refused the attempt.
	 */
	static ServerAuthenticationFailureHandler formFailure() {
		DefaultServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();
		return (webFilterExchange, ex) -> redirects.sendRedirect(webFilterExchange.getExchange(), URI.create(
				(ex instanceof LoginThrottled throttled) ? "/login?locked=" + throttled.minutes() : "/login?error"));
	}

	/** The form's success: the session's clocks start, then on to the page asked for. */
	static ServerAuthenticationSuccessHandler formSuccess(SessionExpiry expiry, Clock clock) {
		RedirectServerAuthenticationSuccessHandler onwards = new RedirectServerAuthenticationSuccessHandler("/");
		return (webFilterExchange, authentication) -> webFilterExchange.getExchange()
			.getSession()
			.doOnNext((session) -> expiry.started(session, clock.instant()))
			.then(onwards.onAuthenticationSuccess(webFilterExchange, authentication));
	}

	private static Optional<String> address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null) {
			return Optional.empty();
		}
		return Optional
			.of((remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString());
	}

	/** Too many failed logins; no password was checked. */
	static final class LoginThrottled extends AuthenticationException {

		private final Duration wait;

		LoginThrottled(Duration wait) {
			super("Too many attempts: try again in " + minutes(wait) + " minute" + ((minutes(wait) == 1) ? "" : "s"));
			this.wait = wait;
		}

		/** Whole minutes, rounded up: never less than the wait. */
		long minutes() {
			return minutes(this.wait);
		}

		/** Whole seconds, rounded up, for {@code Retry-After}. */
		long seconds() {
			return Math.max(1, (this.wait.toMillis() + 999) / 1000);
		}

		private static long minutes(Duration wait) {
			return Math.max(1, (wait.toSeconds() + 59) / 60);
		}

	}

}
