package org.hubben.organisation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * The login rate limit: after {@code hubben.members.login-failures-per-username} failed
 * logins for one username, or {@code login-failures-per-address} from one client address,
 * within {@code login-window}, further attempts are refused until enough failures leave
 * the window. Counted in the database, so every node of a cluster counts the same. Keeps
 * neither usernames nor addresses, only keyed hashes of them (seed 004: no data about
 * individuals that is not needed), and forgets failures once they leave the window.
 * Non-blocking.
 */
@Service
public class LoginAttempts {

	private static final String USERNAME = "username";

	private static final String ADDRESS = "address";

	private final R2dbcEntityTemplate template;

	private final CredentialCipher keys;

	private final MembersProperties properties;

	private final Clock clock;

	LoginAttempts(R2dbcEntityTemplate template, CredentialCipher keys, MembersProperties properties, Clock clock) {
		this.template = template;
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param address the client's address, or {@code null} when unknown
	 * @return how long until another attempt is allowed; empty when one is allowed now
	 */
	public Mono<Duration> refusal(String username, String address) {
		Instant now = this.clock.instant();
		Mono<Duration> byUsername = wait(key(USERNAME, username), this.properties.loginFailuresPerUsername(), now);
		Mono<Duration> byAddress = (address != null)
				? wait(key(ADDRESS, address), this.properties.loginFailuresPerAddress(), now) : Mono.empty();
		return Flux.concat(byUsername, byAddress).reduce((a, b) -> (a.compareTo(b) >= 0) ? a : b);
	}

	/**
	 * Counts a failed login against the username and the address, and forgets every
	 * failure older than the window.
	 * @param address the client's address, or {@code null} when unknown
	 */
	public Mono<Void> failed(String username, String address) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			Mono<LoginAttempt> byUsername = this.template
				.insert(new LoginAttempt(UUID.randomUUID(), USERNAME, key(USERNAME, username), now));
			Mono<LoginAttempt> byAddress = (address != null)
					? this.template.insert(new LoginAttempt(UUID.randomUUID(), ADDRESS, key(ADDRESS, address), now))
					: Mono.empty();
			return byUsername.then(byAddress)
				.then(this.template.delete(
						Query.query(Criteria.where("at").lessThan(now.minus(this.properties.loginWindow()))),
						LoginAttempt.class))
				.then();
		});
	}

	/** Clears the username's failures after a successful login. */
	public Mono<Void> succeeded(String username) {
		return Mono.defer(() -> this.template
			.delete(Query.query(Criteria.where("key_hash").is(key(USERNAME, username))), LoginAttempt.class)
			.then());
	}

	private Mono<Duration> wait(String keyHash, int limit, Instant now) {
		Instant windowStart = now.minus(this.properties.loginWindow());
		return this.template.select(LoginAttempt.class)
			.matching(Query.query(Criteria.where("key_hash").is(keyHash).and("at").greaterThan(windowStart))
				.sort(Sort.by("at")))
			.all()
			.map(LoginAttempt::at)
			.collectList()
			.flatMap((failures) -> {
				if (failures.size() < limit) {
					return Mono.empty();
				}
				// Allowed again once so many have left the window that fewer than the
				// limit
				// remain.
				Instant free = failures.get(failures.size() - limit).plus(this.properties.loginWindow());
				return Mono.just(Duration.between(now, free));
			});
	}

	private String key(String kind, String value) {
		String normal = (USERNAME.equals(kind)) ? value.strip().toLowerCase(Locale.ROOT) : value;
		return this.keys.keyedHash("login-attempt-" + kind, normal);
	}

}
