package org.hubben.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Conversations;
import org.hubben.connector.Moderation;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One channel's round of a poll, against an in-memory platform: what is read, and what
 * stops it.
 */
class ChannelPollTests {

	private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

	private static final ChannelAccess ACCESS = ChannelAccess.bearer("page-1", "token");

	private final Conversing platform = new Conversing();

	@Test
	void readsEveryPostSinceItsCursorAndTheMentions() {
		this.platform.comment("post-a", "c1", NOW.minusSeconds(600));
		this.platform.comment("post-a", "c2", NOW.minusSeconds(60));
		this.platform.comment("post-b", "c3", NOW.minusSeconds(30));
		this.platform.mentions.add(comment("tweet-9", "m1", NOW.minusSeconds(10)));
		ChannelPoll.PostToRead a = post("post-a", NOW.minusSeconds(120));
		ChannelPoll.PostToRead b = post("post-b", null);

		ChannelPoll.Harvest harvest = new ChannelPoll(this.platform, ACCESS).run(List.of(a, b), NOW.minusSeconds(3600))
			.block(Duration.ofSeconds(5));

		assertThat(harvest.comments().get(a)).extracting(RemoteComment::id).containsExactly("c2");
		assertThat(harvest.comments().get(b)).extracting(RemoteComment::id).containsExactly("c3");
		assertThat(harvest.mentions()).extracting(RemoteComment::id).containsExactly("m1");
		assertThat(harvest.channelError()).isNull();
		assertThat(this.platform.sinceAsked).containsEntry("post-a", NOW.minusSeconds(120));
	}

	@Test
	void aPostThePlatformNoLongerHasIsNotedAndTheOthersAreStillRead() {
		this.platform.failures.put("post-a", new PublishRefused(Platform.FACEBOOK, "The post was deleted"));
		this.platform.comment("post-b", "c3", NOW.minusSeconds(30));
		ChannelPoll.PostToRead a = post("post-a", null);
		ChannelPoll.PostToRead b = post("post-b", null);

		ChannelPoll.Harvest harvest = new ChannelPoll(this.platform, ACCESS).run(List.of(a, b), null)
			.block(Duration.ofSeconds(5));

		assertThat(harvest.gone()).containsExactly(a.deliveryId());
		assertThat(harvest.postErrors()).containsEntry(a.deliveryId(), "The post was deleted");
		assertThat(harvest.comments().get(b)).hasSize(1);
		assertThat(harvest.channelError()).isNull();
		assertThat(harvest.mentions()).as("not asked for").isNull();
	}

	@Test
	void aRateLimitEndsTheChannelsRoundWithTheTimeThePlatformNamed() {
		Instant retryAt = NOW.plusSeconds(900);
		this.platform.failures.put("post-a",
				new RateLimited(Platform.X, "X asked to wait until 10:15", retryAt, RateLimited.Scope.CHANNEL));
		ChannelPoll.PostToRead a = post("post-a", null);
		ChannelPoll.PostToRead b = post("post-b", null);

		ChannelPoll.Harvest harvest = new ChannelPoll(this.platform, ACCESS).run(List.of(a, b), NOW)
			.block(Duration.ofSeconds(5));

		assertThat(harvest.limit().retryAt()).isEqualTo(retryAt);
		assertThat(harvest.channelError()).isEqualTo("X asked to wait until 10:15");
		assertThat(harvest.unread(List.of(a, b))).containsExactly(a, b);
		assertThat(this.platform.asked).as("no call after the limit").containsExactly("post-a");
		assertThat(harvest.mentions()).isNull();
	}

	@Test
	void aRefusedTokenOrAnAbsentPlatformEndsTheRoundWithTheReason() {
		this.platform.failures.put("post-a",
				new AuthorisationFailed(Platform.FACEBOOK, "Facebook token expired: reconnect"));
		ChannelPoll.Harvest refused = new ChannelPoll(this.platform, ACCESS)
			.run(List.of(post("post-a", null), post("post-b", null)), null)
			.block(Duration.ofSeconds(5));
		assertThat(refused.channelError()).isEqualTo("Facebook token expired: reconnect");
		assertThat(refused.limit()).isNull();

		this.platform.failures.put("post-a", new PlatformUnavailable(Platform.FACEBOOK, "Facebook answered 503", null));
		ChannelPoll.Harvest away = new ChannelPoll(this.platform, ACCESS).run(List.of(post("post-a", null)), null)
			.block(Duration.ofSeconds(5));
		assertThat(away.channelError()).isEqualTo("Facebook answered 503");
	}

	private static ChannelPoll.PostToRead post(String remoteId, Instant since) {
		return new ChannelPoll.PostToRead(UUID.randomUUID(), UUID.randomUUID(), remoteId, since);
	}

	private static RemoteComment comment(String postId, String id, Instant at) {
		return new RemoteComment(id, postId, null, "person-" + id, "Person " + id, "Text " + id, at, false, false);
	}

	/** A platform's conversations, in memory. */
	private static final class Conversing implements Conversations {

		private final Map<String, List<RemoteComment>> comments = new HashMap<>();

		private final List<RemoteComment> mentions = new ArrayList<>();

		private final Map<String, RuntimeException> failures = new HashMap<>();

		private final Map<String, Instant> sinceAsked = new HashMap<>();

		private final List<String> asked = new ArrayList<>();

		void comment(String postId, String id, Instant at) {
			this.comments.computeIfAbsent(postId, (key) -> new ArrayList<>())
				.add(ChannelPollTests.comment(postId, id, at));
		}

		@Override
		public Flux<RemoteComment> comments(ChannelAccess channel, String postId, Instant since) {
			this.asked.add(postId);
			if (since != null) {
				this.sinceAsked.put(postId, since);
			}
			RuntimeException failure = this.failures.get(postId);
			if (failure != null) {
				return Flux.error(failure);
			}
			return Flux.fromIterable(this.comments.getOrDefault(postId, List.of()))
				.filter((comment) -> since == null || !comment.createdAt().isBefore(since));
		}

		@Override
		public Flux<RemoteComment> mentions(ChannelAccess channel, Instant since) {
			return Flux.fromIterable(this.mentions).filter((mention) -> !mention.createdAt().isBefore(since));
		}

		@Override
		public Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text) {
			return Mono.error(new UnsupportedOperationException("A poll never replies"));
		}

		@Override
		public Moderation moderation() {
			return Moderation.HIDE;
		}

		@Override
		public Mono<Void> moderate(ChannelAccess channel, RemoteComment comment) {
			return Mono.error(new UnsupportedOperationException("A poll never moderates"));
		}

	}

}
