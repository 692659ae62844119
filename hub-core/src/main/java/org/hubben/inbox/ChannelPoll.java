package org.hubben.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.Conversations;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One channel's share of a poll: the comments on each of its posts since where the last
 * poll left off, then the mentions of its account. Reads only, one call at a time. A post
 * that fails is noted and the others are read; a rate limit, a refused token or a
 * platform that is away ends the channel's round, since every further call would fail
 * too. Writes nothing: {@link InboxPoller} stores the {@link Harvest}.
 */
final class ChannelPoll {

	private final Conversations connector;

	private final ChannelAccess access;

	ChannelPoll(Conversations connector, ChannelAccess access) {
		this.connector = connector;
		this.access = access;
	}

	/**
	 * @param posts the channel's posts to read, in order
	 * @param mentionsSince the moment to read mentions from, or {@code null} not to read
	 * them
	 * @return what was read and what went wrong; never an error
	 */
	Mono<Harvest> run(List<PostToRead> posts, Instant mentionsSince) {
		Harvest harvest = new Harvest();
		Flux<Void> reads = Flux.fromIterable(posts).concatMap((post) -> Mono.defer(() -> {
			if (harvest.stopped()) {
				return Mono.empty();
			}
			return this.connector.comments(this.access, post.remotePostId(), post.since())
				.collectList()
				.doOnNext((comments) -> harvest.read(post, comments))
				.onErrorResume((ex) -> {
					harvest.failed(post, ex);
					return Mono.empty();
				})
				.then();
		}));
		Mono<Void> mentions = Mono.defer(() -> {
			if (mentionsSince == null || harvest.stopped()) {
				return Mono.empty();
			}
			return this.connector.mentions(this.access, mentionsSince)
				.collectList()
				.doOnNext(harvest::mentioned)
				.onErrorResume((ex) -> {
					harvest.stop(ex);
					return Mono.empty();
				})
				.then();
		});
		return reads.then(mentions).thenReturn(harvest);
	}

	/**
	 * One of the channel's posts to read.
	 *
	 * @param deliveryId the delivery that put it there
	 * @param postId the Hubben post
	 * @param remotePostId the platform's id of it
	 * @param since where the last poll left off, or {@code null} for every comment
	 */
	record PostToRead(UUID deliveryId, UUID postId, String remotePostId, Instant since) {

	}

	/** What one channel's round read, and what stopped it. Not thread-safe. */
	static final class Harvest {

		private final Map<PostToRead, List<RemoteComment>> comments = new HashMap<>();

		private final Map<UUID, String> postErrors = new HashMap<>();

		private final Set<UUID> gone = new HashSet<>();

		private List<RemoteComment> mentions;

		private String channelError;

		private RateLimited limit;

		private boolean stopped;

		void read(PostToRead post, List<RemoteComment> read) {
			this.comments.put(post, List.copyOf(read));
		}

		void mentioned(List<RemoteComment> read) {
			this.mentions = List.copyOf(read);
		}

		void failed(PostToRead post, Throwable ex) {
			if (ex instanceof PublishRefused refused) {
				this.gone.add(post.deliveryId());
				this.postErrors.put(post.deliveryId(), refused.getMessage());
			}
			else if (ex instanceof RateLimited || ex instanceof AuthorisationFailed || ex instanceof PlatformUnavailable
					|| !(ex instanceof ConnectorException)) {
				stop(ex);
			}
			else {
				this.postErrors.put(post.deliveryId(), ex.getMessage());
			}
		}

		void stop(Throwable ex) {
			this.stopped = true;
			if (ex instanceof RateLimited limited) {
				this.limit = limited;
			}
			this.channelError = (ex instanceof ConnectorException) ? ex.getMessage() : "Reading comments failed: "
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName());
		}

		boolean stopped() {
			return this.stopped;
		}

		/**
		 * @return the comments read on each post that was read
		 */
		Map<PostToRead, List<RemoteComment>> comments() {
			return this.comments;
		}

		/**
		 * @return the mentions read; {@code null} when they were not read
		 */
		List<RemoteComment> mentions() {
			return this.mentions;
		}

		/**
		 * @return why a post could not be read, by delivery
		 */
		Map<UUID, String> postErrors() {
			return this.postErrors;
		}

		/**
		 * @return the deliveries whose post the platform no longer has
		 */
		Set<UUID> gone() {
			return this.gone;
		}

		/**
		 * @return why the channel's round ended early, or {@code null}
		 */
		String channelError() {
			return this.channelError;
		}

		/**
		 * @return the rate limit that ended the round, or {@code null}
		 */
		RateLimited limit() {
			return this.limit;
		}

		/**
		 * @return the posts not read because the round ended early
		 */
		List<PostToRead> unread(List<PostToRead> posts) {
			List<PostToRead> unread = new ArrayList<>();
			for (PostToRead post : posts) {
				if (!this.comments.containsKey(post) && !this.postErrors.containsKey(post.deliveryId())) {
					unread.add(post);
				}
			}
			return unread;
		}

	}

}
