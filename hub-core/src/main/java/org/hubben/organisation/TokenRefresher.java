package org.hubben.organisation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.hubben.connector.AccountLinking;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Keeps channels' access tokens fresh through their platform's {@link AccountLinking}:
 * periodically, every channel whose token expires within {@link #AHEAD}, and on demand,
 * just before a delivery, a token that expires within {@link #BEFORE_SENDING}.
 *
 * <p>
 * Safe across the nodes of a cluster: a channel is refreshed only by the node that
 * claimed it with one conditional update ({@link Channels#claimRefresh}), because
 * platforms that rotate refresh tokens (X) refuse a refresh token used twice. A refresh
 * the platform refuses ({@link AuthorisationFailed}) marks the channel
 * {@link ChannelStatus#EXPIRED}; any other failure leaves it for the next attempt. Every
 * method is non-blocking.
 */
@Service
public class TokenRefresher {

	/** How long before its expiry the periodic refresh renews a token. */
	public static final Duration AHEAD = Duration.ofMinutes(15);

	/** A token that expires sooner than this is renewed before a delivery uses it. */
	public static final Duration BEFORE_SENDING = Duration.ofMinutes(1);

	/**
	 * A claim older than this belongs to a node that died mid-refresh; longer than any
	 * platform timeout.
	 */
	static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Logger logger = LoggerFactory.getLogger(TokenRefresher.class);

	private final Channels channels;

	private final ChannelRegistrar registrar;

	private final Map<Platform, AccountLinking> linkings = new EnumMap<>(Platform.class);

	private final Clock clock;

	TokenRefresher(Channels channels, ChannelRegistrar registrar, List<AccountLinking> linkings, Clock clock) {
		this.channels = channels;
		this.registrar = registrar;
		this.clock = clock;
		linkings.forEach((linking) -> this.linkings.put(linking.platform(), linking));
	}

	/**
	 * Refreshes every connected channel whose token expires within {@link #AHEAD} of
	 * {@code now}, one after the other.
	 * @param now the instant to count from (a test may pass one in the future)
	 * @return what happened, once every channel due has been tried
	 */
	public Mono<RefreshRound> refreshExpiring(Instant now) {
		Instant horizon = now.plus(AHEAD);
		return this.channels.findConnectedExpiringBy(horizon)
			.concatMap((channel) -> refresh(channel, now, horizon))
			.reduce(RefreshRound.NONE, RefreshRound::add);
	}

	/**
	 * The credentials to send a delivery with: the stored ones, or, when the token
	 * expires within {@link #BEFORE_SENDING}, fresh ones; when another node is refreshing
	 * the channel at that moment, its result.
	 * @param channel the channel
	 * @return the credentials; an {@link AuthorisationFailed} error when the platform
	 * refused to refresh them (the channel is now expired), another
	 * {@link org.hubben.connector.ConnectorException} when the platform could not be
	 * asked and the token has expired, an {@link IllegalStateException} error when they
	 * cannot be decrypted
	 */
	public Mono<ChannelCredentials> freshCredentials(Channel channel) {
		Instant now = this.clock.instant();
		Instant horizon = now.plus(BEFORE_SENDING);
		return this.registrar.credentialsOf(channel).flatMap((credentials) -> {
			if (credentials.expiresAt() == null || credentials.expiresAt().isAfter(horizon)
					|| !this.linkings.containsKey(channel.platform())) {
				return Mono.just(credentials);
			}
			return refresh(channel, now, horizon).flatMap((attempt) -> switch (attempt.outcome()) {
				case REFRESHED -> reload(channel);
				case EXPIRED -> Mono.error(attempt.failure());
				case POSTPONED ->
					credentials.expiresAt().isAfter(now) ? Mono.just(credentials) : Mono.error(attempt.failure());
				case NOT_CLAIMED -> awaitOtherRefresh(channel).then(reload(channel));
			});
		});
	}

	private Mono<Attempt> refresh(Channel listed, Instant now, Instant horizon) {
		AccountLinking linking = this.linkings.get(listed.platform());
		if (linking == null) {
			return Mono.just(Attempt.NOT_CLAIMED);
		}
		return this.channels.claimRefresh(listed.id(), now, horizon, now.minus(CLAIM_TIMEOUT))
			.filter((claimed) -> claimed == 1)
			// Read again under the claim: another node may have refreshed it since it was
			// listed.
			.flatMap((claimed) -> this.channels.findById(listed.id()))
			.flatMap((channel) -> this.registrar.linkedAccountOf(channel)
				.flatMap(linking::refresh)
				.flatMap((refreshed) -> this.registrar.storeRefreshed(channel, refreshed))
				.then(Mono.fromCallable(() -> {
					logger.info("Refreshed the token of {} channel {}", channel.platform().displayName(), channel.id());
					return Attempt.REFRESHED;
				}))
				.onErrorResume(AuthorisationFailed.class, (ex) -> {
					logger.warn("{} refused to refresh the token of channel {}: {}", channel.platform().displayName(),
							channel.id(), ex.getMessage());
					return this.registrar.markExpired(channel.id()).thenReturn(new Attempt(Outcome.EXPIRED, ex));
				})
				.onErrorResume((ex) -> !(ex instanceof AuthorisationFailed), (ex) -> {
					logger.warn("Could not refresh the token of {} channel {} now: {}",
							channel.platform().displayName(), channel.id(), ex.getMessage());
					return this.channels.releaseRefresh(channel.id()).thenReturn(new Attempt(Outcome.POSTPONED, ex));
				}))
			.defaultIfEmpty(Attempt.NOT_CLAIMED);
	}

	/** Waits, without blocking, until no node holds the channel's refresh claim. */
	private Mono<Void> awaitOtherRefresh(Channel channel) {
		long attempts = CLAIM_TIMEOUT.toMillis() / POLL.toMillis();
		return this.channels.countRefreshClaimed(channel.id())
			.filter((claimed) -> claimed == 0)
			.repeatWhenEmpty((emptyRounds) -> emptyRounds.take(attempts).delayElements(POLL))
			.then();
	}

	private Mono<ChannelCredentials> reload(Channel channel) {
		return this.channels.findById(channel.id()).flatMap((current) -> {
			if (current.status() != ChannelStatus.CONNECTED) {
				return Mono.error(new AuthorisationFailed(current.platform(), current.platform().displayName()
						+ " refused to refresh the token of " + current.name() + ": reconnect the channel"));
			}
			return this.registrar.credentialsOf(current);
		});
	}

	/**
	 * What one periodic round did.
	 *
	 * @param refreshed channels with fresh tokens
	 * @param expired channels whose platform refused the refresh, now expired
	 * @param postponed channels that could not be refreshed now and will be tried again
	 */
	public record RefreshRound(int refreshed, int expired, int postponed) {

		static final RefreshRound NONE = new RefreshRound(0, 0, 0);

		RefreshRound add(Attempt attempt) {
			return switch (attempt.outcome()) {
				case REFRESHED -> new RefreshRound(this.refreshed + 1, this.expired, this.postponed);
				case EXPIRED -> new RefreshRound(this.refreshed, this.expired + 1, this.postponed);
				case POSTPONED -> new RefreshRound(this.refreshed, this.expired, this.postponed + 1);
				case NOT_CLAIMED -> this;
			};
		}

		public boolean any() {
			return this.refreshed + this.expired + this.postponed > 0;
		}

	}

	private enum Outcome {

		REFRESHED, EXPIRED, POSTPONED, NOT_CLAIMED

	}

	private record Attempt(Outcome outcome, Throwable failure) {

		static final Attempt REFRESHED = new Attempt(Outcome.REFRESHED, null);

		static final Attempt NOT_CLAIMED = new Attempt(Outcome.NOT_CLAIMED, null);

	}

}
