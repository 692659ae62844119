package org.hubben.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.hubben.organisation.MemberAdministrator;
import org.hubben.organisation.MembersProperties;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

/**
 * Ends page sessions: after {@code hubben.members.session-idle-timeout} without a
 * request, {@code session-lifetime} after the login however busy, and at once when the
 * member's password changed after the login (a reset) or the member was removed. Sessions
 * live in each node's memory, so the clocks are the session's own attributes, and the
 * password check asks the database, which every node shares. An ended session's page goes
 * to the login, which says why; a call to the API riding on it gets 401 problem JSON
 * saying why; a public page is served as to anyone. Runs before Spring Security, so that
 * an ended session authenticates nothing.
 */
@Component
class SessionExpiry implements WebFilter, Ordered {

	/** When the session's member logged in. */
	static final String LOGGED_IN_AT = SessionExpiry.class.getName() + ".loggedInAt";

	private static final String ENDED = SessionExpiry.class.getName() + ".ended";

	/** When the session last served a request. */
	static final String LAST_SEEN = SessionExpiry.class.getName() + ".lastSeen";

	private final MemberAdministrator administrator;

	private final Duration idleTimeout;

	private final Duration lifetime;

	private final Clock clock;

	SessionExpiry(MemberAdministrator administrator, MembersProperties properties, Clock clock) {
		this.administrator = administrator;
		this.idleTimeout = properties.sessionIdleTimeout();
		this.lifetime = properties.sessionLifetime();
		this.clock = clock;
	}

	@Override
	public int getOrder() {
		// Spring Security's filter chain runs at -100.
		return -101;
	}

	/** Starts the clocks of a session that has just logged in. */
	void started(WebSession session, Instant now) {
		session.getAttributes().put(LOGGED_IN_AT, now);
		session.getAttributes().put(LAST_SEEN, now);
		keepLongEnoughToSayWhy(session);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getCookies().containsKey("SESSION")) {
			return chain.filter(exchange);
		}
		return exchange.getSession().flatMap((session) -> {
			SecurityContext context = session
				.getAttribute(WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME);
			if (context == null || context.getAuthentication() == null) {
				return chain.filter(exchange);
			}
			Instant now = this.clock.instant();
			Instant loggedInAt = session.getAttribute(LOGGED_IN_AT);
			Instant lastSeen = session.getAttribute(LAST_SEEN);
			if (loggedInAt == null || lastSeen == null) {
				started(session, now);
				return chain.filter(exchange);
			}
			if (now.isAfter(loggedInAt.plus(this.lifetime)) || now.isAfter(lastSeen.plus(this.idleTimeout))) {
				return ended(exchange, chain, session, "expired");
			}
			return this.administrator.credentialsChangedAt(context.getAuthentication().getName())
				.map((changed) -> changed.filter((at) -> at.isAfter(loggedInAt)).isPresent() ? "changed" : "")
				.defaultIfEmpty("removed")
				.flatMap((why) -> {
					if (!why.isEmpty()) {
						return ended(exchange, chain, session, why);
					}
					session.getAttributes().put(LAST_SEEN, now);
					keepLongEnoughToSayWhy(session);
					return chain.filter(exchange);
				});
		});
	}

	/**
	 * The store forgets a session after its own idle time; kept beyond this filter's so
	 * that an idle session is seen, and the login can say it expired.
	 */
	private void keepLongEnoughToSayWhy(WebSession session) {
		session.setMaxIdleTime(this.idleTimeout.plus(Duration.ofHours(1)));
	}

	/**
	 * Ends the session and lets the request go on without it; Spring Security's entry
	 * points then say why ({@link #endedOf}).
	 * @param why {@code expired}, {@code changed} (the password) or {@code removed}
	 */
	private Mono<Void> ended(ServerWebExchange exchange, WebFilterChain chain, WebSession session, String why) {
		exchange.getAttributes().put(ENDED, why);
		return session.invalidate().then(chain.filter(exchange));
	}

	/**
	 * @return why the request's session just ended ({@code expired}, {@code changed},
	 * {@code removed}), or {@code null} when it did not
	 */
	static String endedOf(ServerWebExchange exchange) {
		return exchange.getAttribute(ENDED);
	}

	/** What the API says to a call whose session ended. */
	static String apiDetail(String why) {
		return "changed".equals(why) ? "Your password was changed; log in again" : "Your session expired, log in again";
	}

}
