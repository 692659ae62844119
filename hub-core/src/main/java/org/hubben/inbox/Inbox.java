package org.hubben.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.Connectors;
import org.hubben.connector.Moderation;
import org.hubben.connector.Platform;
import org.hubben.content.Post;
import org.hubben.content.Posts;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.TokenRefresher;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The organisation's inbox: its comments threaded under the posts they belong to, and
 * what a member does with them, replying in the channel's name and hiding or deleting
 * (whatever the platform allows, {@link Connector#moderation()}). Every action records
 * the member who took it. Viewers read only. Non-blocking.
 */
public class Inbox {

	/** The most comments one view of the inbox reads, newest first. */
	static final int VIEW_LIMIT = 2000;

	private final InboxStore store;

	private final DatabaseClient database;

	private final Channels channels;

	private final Posts posts;

	private final Connectors connectors;

	private final TokenRefresher tokens;

	private final Clock clock;

	Inbox(InboxStore store, DatabaseClient database, Channels channels, Posts posts, Connectors connectors,
			TokenRefresher tokens, Clock clock) {
		this.store = store;
		this.database = database;
		this.channels = channels;
		this.posts = posts;
		this.connectors = connectors;
		this.tokens = tokens;
		this.clock = clock;
	}

	/**
	 * @param organisationId the organisation
	 * @param filter which threads
	 * @return the threads, grouped under their posts, the post with the newest activity
	 * first
	 */
	public Mono<List<PostThreads>> threads(UUID organisationId, InboxFilter filter) {
		return this.store.ofOrganisation(organisationId, VIEW_LIMIT).collectList().flatMap((comments) -> {
			Set<UUID> postIds = comments.stream()
				.map(Comment::postId)
				.filter(java.util.Objects::nonNull)
				.collect(Collectors.toSet());
			Mono<Map<UUID, Post>> posts = this.posts.findAllById(postIds).collectMap(Post::id);
			Mono<Map<UUID, Channel>> channels = this.channels
				.findByOrganisationIdOrderByPlatformAscNameAsc(organisationId)
				.collectMap(Channel::id);
			return Mono.zip(posts, channels).map((both) -> group(comments, both.getT1(), both.getT2(), filter));
		});
	}

	/**
	 * @return how many of the organisation's comments are flagged and still shown
	 */
	public Mono<Long> flaggedCount(UUID organisationId) {
		return this.store.countNeedingModeration(organisationId);
	}

	/**
	 * @return the comment, if it is in the organisation's inbox; a
	 * {@link CommentNotFound} error otherwise
	 */
	public Mono<Comment> comment(UUID organisationId, UUID id) {
		return this.store.find(id)
			.filter((comment) -> comment.organisationId().equals(organisationId))
			.switchIfEmpty(Mono.error(() -> new CommentNotFound(id)));
	}

	/**
	 * Answers a person's comment in the channel's name, and keeps the answer in the
	 * thread with the member who wrote it. Not idempotent on the platform: the same text
	 * to the same comment is refused a second time.
	 * @param member who answers: not a viewer
	 * @param commentId the comment
	 * @param text the answer, plain text
	 * @return the stored answer; a {@link CommentNotFound} or {@link InboxRefused} error
	 * with the reason
	 */
	public Mono<Comment> reply(Member member, UUID commentId, String text) {
		// A reply speaks on the channel, as publishing does.
		if (!member.role().may(Action.SCHEDULE, Reach.OWN)) {
			return Mono.error(new InboxRefused(InboxRefused.Reason.FORBIDDEN,
					"Your role reads the inbox; ask an editor or administrator to reply"));
		}
		String answer = (text != null) ? text.strip() : "";
		return comment(member.organisationId(), commentId).flatMap((comment) -> {
			int limit = replyLimit(comment.platform());
			if (answer.isEmpty()) {
				return Mono.error(new InboxRefused(InboxRefused.Reason.INVALID, "Write the reply first"));
			}
			if (answer.codePointCount(0, answer.length()) > limit) {
				return Mono.error(new InboxRefused(InboxRefused.Reason.INVALID,
						comment.platform().displayName() + " takes replies of at most " + limit
								+ " characters; this one has " + answer.codePointCount(0, answer.length())));
			}
			if (comment.byChannel()) {
				return Mono.error(new InboxRefused(InboxRefused.Reason.CONFLICT,
						"That is the organisation's own reply; answer the person's comment instead"));
			}
			if (!comment.visible()) {
				return Mono.error(new InboxRefused(InboxRefused.Reason.CONFLICT,
						"The comment is " + (comment.deleted() ? "deleted" : "hidden") + ": nobody would see a reply"));
			}
			return alreadyAnswered(comment, answer).flatMap((repeated) -> repeated
					? Mono.error(new InboxRefused(InboxRefused.Reason.CONFLICT,
							"The channel already answered this comment with the same text"))
					: withChannel(comment).flatMap((ready) -> ready.connector()
						.reply(ready.access(), comment.remote(), answer)
						.onErrorMap(ConnectorException.class, (ex) -> refusedBy(comment.platform(), "the reply", ex))
						.flatMap((reply) -> this.store.storeReply(reply, comment, member.username(),
								this.clock.instant()))));
		});
	}

	/**
	 * Hides a comment from the public, or deletes it where the platform cannot hide
	 * (Flickr), and records the member who did. Idempotent: a comment already hidden or
	 * deleted is answered as it is.
	 * @param member who moderates: not a viewer
	 * @param commentId the comment
	 * @return the comment afterwards; a {@link CommentNotFound} or {@link InboxRefused}
	 * error with the reason
	 */
	public Mono<Comment> moderate(Member member, UUID commentId) {
		if (!member.role().may(Action.SCHEDULE, Reach.OWN)) {
			return Mono.error(new InboxRefused(InboxRefused.Reason.FORBIDDEN,
					"Your role reads the inbox; ask an editor or administrator to hide or delete comments"));
		}
		return comment(member.organisationId(), commentId).flatMap((comment) -> {
			if (comment.byChannel()) {
				return Mono.error(new InboxRefused(InboxRefused.Reason.CONFLICT,
						"That is the organisation's own reply; Hubben hides and deletes only other people's comments"));
			}
			if (!comment.visible()) {
				return Mono.just(comment);
			}
			return withChannel(comment).flatMap((ready) -> {
				boolean deletes = ready.connector().moderation() == Moderation.DELETE;
				return ready.connector()
					.moderate(ready.access(), comment.remote())
					.onErrorMap(ConnectorException.class,
							(ex) -> refusedBy(comment.platform(),
									deletes ? "deleting the comment" : "hiding the comment", ex))
					.then(this.store.markModerated(comment.id(), deletes, member.username(), this.clock.instant()))
					.then(this.store.find(comment.id()));
			});
		});
	}

	/**
	 * @return what moderating a comment does on the platform
	 */
	public Moderation moderationOn(Platform platform) {
		return this.connectors.forPlatform(platform).map(Connector::moderation).orElse(Moderation.HIDE);
	}

	/**
	 * @return the longest reply the platform takes, in characters
	 */
	public static int replyLimit(Platform platform) {
		return switch (platform) {
			case X -> 280;
			case FACEBOOK -> 8000;
			case YOUTUBE, FLICKR -> 10000;
		};
	}

	private Mono<Boolean> alreadyAnswered(Comment comment, String text) {
		return this.database
			.sql("select count(*) as answers from inbox_comment where channel_id = :channel "
					+ "and parent_remote_id = :parent and by_channel = true and body = :text")
			.bind("channel", comment.channelId())
			.bind("parent", comment.remoteId())
			.bind("text", text)
			.map((row, metadata) -> row.get("answers", Long.class))
			.one()
			.map((count) -> count > 0);
	}

	private Mono<Ready> withChannel(Comment comment) {
		Connector connector = this.connectors.forPlatform(comment.platform()).orElse(null);
		if (connector == null) {
			return Mono.error(new InboxRefused(InboxRefused.Reason.PLATFORM,
					"Hubben has no " + comment.platform().displayName() + " connector"));
		}
		return this.channels.findById(comment.channelId())
			.switchIfEmpty(Mono.error(() -> new InboxRefused(InboxRefused.Reason.CONFLICT, "The channel was removed")))
			.flatMap((channel) -> {
				if (channel.status() == ChannelStatus.EXPIRED) {
					return Mono.error(new InboxRefused(InboxRefused.Reason.CONFLICT,
							comment.platform().displayName() + " channel " + channel.name()
									+ " must be reconnected first: its token expired or was revoked"));
				}
				return this.tokens.freshCredentials(channel)
					.onErrorMap(ConnectorException.class, (ex) -> refusedBy(channel.platform(), "the token", ex))
					.map((credentials) -> new Ready(connector, new ChannelAccess(channel.accountId(),
							credentials.accessToken(), credentials.tokenSecret())));
			});
	}

	private static InboxRefused refusedBy(Platform platform, String what, ConnectorException ex) {
		return new InboxRefused(InboxRefused.Reason.PLATFORM,
				platform.displayName() + " did not take " + what + ": " + ex.getMessage());
	}

	private List<PostThreads> group(List<Comment> comments, Map<UUID, Post> posts, Map<UUID, Channel> channels,
			InboxFilter filter) {
		Map<UUID, Map<String, Comment>> byChannel = new HashMap<>();
		for (Comment comment : comments) {
			byChannel.computeIfAbsent(comment.channelId(), (id) -> new HashMap<>()).put(comment.remoteId(), comment);
		}
		Map<Comment, List<Comment>> threads = new LinkedHashMap<>();
		List<Comment> oldestFirst = comments.stream()
			.sorted(Comparator.comparing(Comment::createdAt).thenComparing(Comment::remoteId))
			.toList();
		for (Comment comment : oldestFirst) {
			Comment root = rootOf(comment, byChannel.get(comment.channelId()));
			threads.computeIfAbsent(root, (key) -> new ArrayList<>());
			if (root != comment) {
				threads.get(root).add(comment);
			}
		}
		Map<Object, List<InboxThread>> byPost = new LinkedHashMap<>();
		for (Map.Entry<Comment, List<Comment>> thread : threads.entrySet()) {
			InboxThread view = thread(thread.getKey(), thread.getValue(), channels);
			boolean shown = switch (filter) {
				case ALL -> true;
				case FLAGGED -> view.flagged();
				case UNANSWERED -> view.unanswered();
			};
			if (shown) {
				Comment root = thread.getKey();
				Object key = (root.postId() != null) ? root.postId() : "mentions:" + root.channelId();
				byPost.computeIfAbsent(key, (k) -> new ArrayList<>()).add(view);
			}
		}
		List<PostThreads> groups = new ArrayList<>();
		for (Map.Entry<Object, List<InboxThread>> group : byPost.entrySet()) {
			List<InboxThread> sorted = group.getValue()
				.stream()
				.sorted(Comparator.comparing(InboxThread::lastActivity).reversed())
				.toList();
			Comment first = sorted.get(0).root().comment();
			String title;
			if (first.postId() != null) {
				Post post = posts.get(first.postId());
				title = (post != null) ? post.title() : "A post";
			}
			else {
				Channel channel = channels.get(first.channelId());
				title = "Mentions of " + ((channel != null) ? channel.name() : first.platform().displayName());
			}
			groups.add(new PostThreads(first.postId(), title, sorted.get(0).lastActivity(), sorted));
		}
		groups.sort(Comparator.comparing(PostThreads::lastActivity).reversed());
		return groups;
	}

	private InboxThread thread(Comment root, List<Comment> replies, Map<UUID, Channel> channels) {
		List<InboxEntry> entries = new ArrayList<>();
		for (Comment reply : replies) {
			entries.add(entry(reply, channels, !root.remoteId().equals(reply.parentRemoteId())));
		}
		Comment latest = replies.isEmpty() ? root : replies.get(replies.size() - 1);
		boolean flagged = root.needsModeration() || replies.stream().anyMatch(Comment::needsModeration);
		boolean unanswered = !latest.byChannel() && latest.visible();
		return new InboxThread(entry(root, channels, false), entries, latest.createdAt(), unanswered, flagged);
	}

	private InboxEntry entry(Comment comment, Map<UUID, Channel> channels, boolean nested) {
		Channel channel = channels.get(comment.channelId());
		return new InboxEntry(comment, (channel != null) ? channel.name() : comment.platform().displayName(),
				moderationOn(comment.platform()), nested);
	}

	private static Comment rootOf(Comment comment, Map<String, Comment> onChannel) {
		Comment current = comment;
		for (int depth = 0; depth < 50 && current.parentRemoteId() != null; depth++) {
			Comment parent = onChannel.get(current.parentRemoteId());
			if (parent == null) {
				break;
			}
			current = parent;
		}
		return current;
	}

	private record Ready(Connector connector, ChannelAccess access) {

	}

}
