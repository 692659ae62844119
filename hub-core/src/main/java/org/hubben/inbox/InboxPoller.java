package org.hubben.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.Connectors;
import org.hubben.connector.Platform;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.hubben.organisation.TokenRefresher;
import org.hubben.publishing.PublishedPosts;
import org.hubben.publishing.RateLimits;
import org.hubben.publishing.SentDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pulls the comments on every post sent within {@link InboxProperties#pollFor()}, and the
 * mentions of every connected channel, into the inbox: new ones are stored and flagged by
 * their organisation's word lists, known ones brought up to date. Each post is read from
 * a little before the newest comment the last poll saw, so nothing written while a poll
 * ran is missed and nothing is stored twice.
 *
 * <p>
 * A channel that fails (its token refused, the platform away) is noted with the reason
 * and the others go on; a rate limit holds the channel (or, for an app-wide limit, every
 * channel of the platform) until the time the platform named, and so do the limits that
 * publishing recorded. Comments already past the retention, or erased at their author's
 * request, are not stored. Platforms are read in parallel, the channels of one platform
 * one after the other. Non-blocking; run by one node at a time (a Quartz job).
 */
public class InboxPoller {

	private static final Logger logger = LoggerFactory.getLogger(InboxPoller.class);

	/** How far before the newest comment seen the next poll reads again. */
	static final Duration OVERLAP = Duration.ofMinutes(5);

	private final PublishedPosts publishedPosts;

	private final Channels channels;

	private final TokenRefresher tokens;

	private final Connectors connectors;

	private final RateLimits rateLimits;

	private final InboxStore store;

	private final WordLists wordLists;

	private final InboxProperties properties;

	private final Clock clock;

	InboxPoller(PublishedPosts publishedPosts, Channels channels, TokenRefresher tokens, Connectors connectors,
			RateLimits rateLimits, InboxStore store, WordLists wordLists, InboxProperties properties, Clock clock) {
		this.publishedPosts = publishedPosts;
		this.channels = channels;
		this.tokens = tokens;
		this.connectors = connectors;
		this.rateLimits = rateLimits;
		this.store = store;
		this.wordLists = wordLists;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Polls every channel once.
	 * @return what the poll did; errors only when the database cannot be read
	 */
	public Mono<PollRound> poll() {
		Instant now = this.clock.instant();
		Round round = new Round(now);
		return Mono
			.zip(this.publishedPosts.sentSince(now.minus(this.properties.pollFor())).collectList(),
					this.channels.findAllByOrderByPlatformAscNameAsc().collectList(), this.store.cursors(),
					this.store.channelStates())
			.flatMap((read) -> {
				Map<UUID, List<SentDelivery>> byChannel = new HashMap<>();
				for (SentDelivery sent : read.getT1()) {
					byChannel.computeIfAbsent(sent.channelId(), (id) -> new ArrayList<>()).add(sent);
				}
				Map<Platform, List<Channel>> byPlatform = new LinkedHashMap<>();
				for (Channel channel : read.getT2()) {
					if (channel.status() == ChannelStatus.CONNECTED) {
						byPlatform.computeIfAbsent(channel.platform(), (platform) -> new ArrayList<>()).add(channel);
					}
				}
				return Flux.fromIterable(byPlatform.values())
					.flatMap((ofPlatform) -> Flux.fromIterable(ofPlatform)
						.concatMap((channel) -> pollChannel(round, channel,
								byChannel.getOrDefault(channel.id(), List.of()), read.getT3(),
								read.getT4().get(channel.id()), ofPlatform)),
							4)
					.then();
			})
			.then(Mono.fromSupplier(round::result));
	}

	private Mono<Void> pollChannel(Round round, Channel channel, List<SentDelivery> sent,
			Map<UUID, InboxStore.Cursor> cursors, InboxStore.ChannelState state, List<Channel> samePlatform) {
		Connector connector = this.connectors.forPlatform(channel.platform()).orElse(null);
		if (connector == null) {
			return Mono.empty();
		}
		Instant now = round.now;
		Instant appHeld = round.appHolds.get(channel.platform());
		if ((state != null && state.heldUntil() != null && state.heldUntil().isAfter(now))
				|| (appHeld != null && appHeld.isAfter(now))) {
			round.held.incrementAndGet();
			return Mono.empty();
		}
		List<ChannelPoll.PostToRead> posts = new ArrayList<>();
		for (SentDelivery delivery : sent) {
			InboxStore.Cursor cursor = cursors.get(delivery.deliveryId());
			if (cursor == null || !cursor.gone()) {
				Instant since = (cursor != null && cursor.seenUntil() != null) ? cursor.seenUntil().minus(OVERLAP)
						: null;
				posts.add(new ChannelPoll.PostToRead(delivery.deliveryId(), delivery.postId(), delivery.remoteId(),
						since));
			}
		}
		Instant mentionsSince = (state != null && state.mentionsSeenUntil() != null)
				? state.mentionsSeenUntil().minus(OVERLAP) : now.minus(this.properties.pollFor());
		return this.rateLimits.holding(channel.platform(), channel.id(), now).map((hold) -> {
			round.held.incrementAndGet();
			return true;
		})
			.switchIfEmpty(Mono.defer(() -> this.tokens.freshCredentials(channel)
				.map((credentials) -> new ChannelAccess(channel.accountId(), credentials.accessToken(),
						credentials.tokenSecret()))
				.flatMap((access) -> new ChannelPoll(connector, access).run(posts, mentionsSince))
				.flatMap((harvest) -> keep(round, channel, posts, sent, harvest, samePlatform))
				.onErrorResume((ex) -> {
					round.failed.incrementAndGet();
					logger.info("Could not read the comments of {} channel {}: {}", channel.platform().displayName(),
							channel.id(), ex.getMessage());
					return this.store.saveChannel(channel.id(), null, now, null,
							"Could not read comments: " + Objects.requireNonNullElse(ex.getMessage(), "error"));
				})
				.thenReturn(false)))
			.then();
	}

	private Mono<Void> keep(Round round, Channel channel, List<ChannelPoll.PostToRead> posts, List<SentDelivery> sent,
			ChannelPoll.Harvest harvest, List<Channel> samePlatform) {
		Instant now = round.now;
		Instant oldestKept = now.minus(this.properties.retention());
		Map<String, SentDelivery> byRemoteId = new HashMap<>();
		for (SentDelivery delivery : sent) {
			byRemoteId.put(delivery.remoteId(), delivery);
		}
		Mono<OffensiveWords> words = round.words.computeIfAbsent(channel.organisationId(),
				(organisation) -> this.wordLists.matcher(organisation).cache());
		return Mono.zip(words, this.store.erasedOn(channel.id())).flatMap((both) -> {
			OffensiveWords matcher = both.getT1();
			Set<String> erased = both.getT2();
			Flux<Void> comments = Flux.fromIterable(harvest.comments().entrySet()).concatMap((entry) -> {
				ChannelPoll.PostToRead post = entry.getKey();
				Comment.Target target = new Comment.Target(channel.organisationId(), channel.id(), channel.platform(),
						post.postId(), post.deliveryId());
				return storeAll(round, entry.getValue(), target, false, matcher, erased, oldestKept)
					.then(this.store.saveCursor(post.deliveryId(), newest(entry.getValue()), now, null, false));
			});
			Flux<Void> failures = Flux.fromIterable(harvest.postErrors().entrySet())
				.concatMap((failure) -> this.store.saveCursor(failure.getKey(), null, now, failure.getValue(),
						harvest.gone().contains(failure.getKey())));
			Mono<Void> mentions = Mono.defer(() -> {
				List<RemoteComment> read = harvest.mentions();
				if (read == null) {
					return Mono.empty();
				}
				return Flux.fromIterable(read).concatMap((mention) -> {
					SentDelivery ours = byRemoteId.get(mention.postId());
					Comment.Target target = new Comment.Target(channel.organisationId(), channel.id(),
							channel.platform(), (ours != null) ? ours.postId() : null,
							(ours != null) ? ours.deliveryId() : null);
					return storeAll(round, List.of(mention), target, true, matcher, erased, oldestKept);
				}).then();
			});
			return comments.thenMany(failures)
				.then(mentions)
				.then(channelOutcome(round, channel, harvest, samePlatform));
		});
	}

	private Mono<Void> channelOutcome(Round round, Channel channel, ChannelPoll.Harvest harvest,
			List<Channel> samePlatform) {
		Instant now = round.now;
		Instant mentionsSeen = (harvest.mentions() != null) ? newest(harvest.mentions()) : null;
		RateLimited limit = harvest.limit();
		if (harvest.channelError() != null) {
			round.failed.incrementAndGet();
			logger.info("Reading the comments of {} channel {} stopped: {}", channel.platform().displayName(),
					channel.id(), harvest.channelError());
		}
		else {
			round.channels.incrementAndGet();
		}
		if (limit != null && limit.scope() == RateLimited.Scope.APP) {
			round.appHolds.merge(channel.platform(), limit.retryAt(), (a, b) -> a.isAfter(b) ? a : b);
			return Flux.fromIterable(samePlatform)
				.concatMap((other) -> this.store.saveChannel(other.id(),
						other.id().equals(channel.id()) ? mentionsSeen : null,
						other.id().equals(channel.id()) ? now : null, limit.retryAt(), limit.getMessage()))
				.then();
		}
		return this.store.saveChannel(channel.id(), mentionsSeen, now, (limit != null) ? limit.retryAt() : null,
				harvest.channelError());
	}

	private Mono<Void> storeAll(Round round, List<RemoteComment> read, Comment.Target target, boolean mention,
			OffensiveWords words, Set<String> erased, Instant oldestKept) {
		return Flux.fromIterable(read)
			.filter((comment) -> !comment.createdAt().isBefore(oldestKept))
			.filter((comment) -> !erased.contains(InboxStore.erasureKey(comment.id()))
					&& (comment.parentId() == null || !erased.contains(InboxStore.erasureKey(comment.parentId()))))
			.concatMap((comment) -> this.store
				.store(comment, target, mention, comment.byChannel() ? List.of() : words.matches(comment.text()),
						round.now)
				.doOnNext((isNew) -> (isNew ? round.stored : round.updated).incrementAndGet()))
			.then();
	}

	private static Instant newest(List<RemoteComment> comments) {
		return comments.stream().map(RemoteComment::createdAt).max(Comparator.naturalOrder()).orElse(null);
	}

	/**
	 * What one poll did.
	 *
	 * @param channels the channels read in full
	 * @param held the channels not read because a rate limit holds them
	 * @param failed the channels that could not be read, or not in full
	 * @param stored the comments new to Hubben
	 * @param updated the comments Hubben knew, brought up to date
	 */
	public record PollRound(int channels, int held, int failed, int stored, int updated) {

	}

	private static final class Round {

		private final Instant now;

		private final AtomicInteger channels = new AtomicInteger();

		private final AtomicInteger held = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		private final AtomicInteger stored = new AtomicInteger();

		private final AtomicInteger updated = new AtomicInteger();

		private final Map<Platform, Instant> appHolds = new ConcurrentHashMap<>();

		private final Map<UUID, Mono<OffensiveWords>> words = new ConcurrentHashMap<>();

		Round(Instant now) {
			this.now = now;
		}

		PollRound result() {
			return new PollRound(this.channels.get(), this.held.get(), this.failed.get(), this.stored.get(),
					this.updated.get());
		}

	}

}
