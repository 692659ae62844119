package org.hubben.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.content.Posts;
import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.publishing.PublishedPosts;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

/**
 * A member's right of access and to portability: everything Hubben holds about them, as
 * one document they can download. Their account and role, the posts they wrote, the
 * publications they scheduled, the replies they wrote and the comments they hid or
 * deleted from the inbox (without the commenters' words, which are other people's data),
 * and their API tokens' names (never a token or its hash). Non-blocking.
 */
public class MemberExport {

	private final Organisations organisations;

	private final Posts posts;

	private final PublishedPosts publishedPosts;

	private final ApiTokenIssuer tokens;

	private final Channels channels;

	private final R2dbcEntityTemplate template;

	private final Clock clock;

	MemberExport(Organisations organisations, Posts posts, PublishedPosts publishedPosts, ApiTokenIssuer tokens,
			Channels channels, R2dbcEntityTemplate template, Clock clock) {
		this.organisations = organisations;
		this.posts = posts;
		this.publishedPosts = publishedPosts;
		this.tokens = tokens;
		this.channels = channels;
		this.template = template;
		this.clock = clock;
	}

	/**
	 * @param member the member asking for their own data
	 * @return their data
	 */
	public Mono<MemberData> of(Member member) {
		Mono<String> organisation = this.organisations.findById(member.organisationId())
			.map((found) -> found.name())
			.defaultIfEmpty("");
		Mono<List<MemberData.PostData>> posts = this.posts.findByCreatedByOrderByCreatedAtDesc(member.username())
			.map((post) -> new MemberData.PostData(post.id(), post.title(), post.text(), post.link(), post.shared(),
					post.createdAt()))
			.collectList();
		Mono<List<MemberData.PublicationData>> publications = this.publishedPosts.scheduledBy(member.username())
			.map((publication) -> new MemberData.PublicationData(publication.id(), publication.postId(),
					publication.dueAt(), publication.zoneId(), publication.sendLate(), publication.createdAt()))
			.collectList();
		Mono<List<MemberData.TokenData>> tokens = this.tokens.tokensOf(member.id())
			.map((token) -> new MemberData.TokenData(token.name(), token.createdAt(), token.lastUsedAt(),
					token.expiresAt(), token.revokedAt()))
			.collectList();
		Mono<Map<UUID, Channel>> channels = this.channels
			.findByOrganisationIdOrderByPlatformAscNameAsc(member.organisationId())
			.collectMap(Channel::id);
		Mono<List<Comment>> replies = this.template.select(Comment.class)
			.matching(Query.query(Criteria.where("replied_by").is(member.username()))
				.sort(org.springframework.data.domain.Sort.by("created_at").descending()))
			.all()
			.collectList();
		Mono<List<Comment>> moderated = this.template.select(Comment.class)
			.matching(Query.query(Criteria.where("moderated_by").is(member.username()))
				.sort(org.springframework.data.domain.Sort.by("moderated_at").descending()))
			.all()
			.collectList();
		return Mono.zip(organisation, posts, publications, tokens, channels, replies, moderated).map((all) -> {
			Map<UUID, Channel> byId = all.getT5();
			List<MemberData.ReplyData> written = all.getT6()
				.stream()
				.map((reply) -> new MemberData.ReplyData(reply.id(), reply.platform().id(),
						channelName(byId, reply.channelId(), reply.platform()), reply.postId(), reply.text(),
						reply.createdAt()))
				.toList();
			List<MemberData.ModerationData> moderation = all.getT7()
				.stream()
				.map((comment) -> new MemberData.ModerationData(comment.id(), comment.platform().id(),
						channelName(byId, comment.channelId(), comment.platform()), comment.postId(),
						comment.deleted() ? "deleted" : "hidden", comment.moderatedAt()))
				.toList();
			return new MemberData(this.clock.instant(),
					new MemberData.Account(member.username(), member.role().name().toLowerCase(java.util.Locale.ROOT),
							all.getT1(), member.createdAt()),
					all.getT2(), all.getT3(), written, moderation, all.getT4());
		});
	}

	private static String channelName(Map<UUID, Channel> channels, UUID channelId, Platform platform) {
		Channel channel = channels.get(channelId);
		return (channel != null) ? channel.name() : platform.displayName();
	}

	/**
	 * Everything Hubben holds about one member.
	 *
	 * @param exportedAt when the export was made
	 * @param account their account
	 * @param posts the posts they wrote, newest first
	 * @param publications the publications they scheduled, latest first
	 * @param replies the replies they wrote from the inbox that Hubben still keeps
	 * @param moderation the comments they hid or deleted that Hubben still keeps, without
	 * the comments' authors or words
	 * @param apiTokens their API tokens, without the tokens
	 */
	public record MemberData(Instant exportedAt, Account account, List<PostData> posts,
			List<PublicationData> publications, List<ReplyData> replies, List<ModerationData> moderation,
			List<TokenData> apiTokens) {

		/** The account: username, role, organisation and when it was created. */
		public record Account(String username, String role, String organisation, Instant memberSince) {

		}

		/** A post they wrote. */
		public record PostData(UUID id, String title, String text, String link, boolean shared, Instant createdAt) {

		}

		/** A publication they scheduled. */
		public record PublicationData(UUID id, UUID postId, Instant dueAt, String zone, boolean sendLate,
				Instant createdAt) {

		}

		/** A reply they wrote in a channel's name. */
		public record ReplyData(UUID id, String platform, String channel, UUID postId, String text, Instant writtenAt) {

		}

		/** A comment they hid or deleted. */
		public record ModerationData(UUID commentId, String platform, String channel, UUID postId, String action,
				Instant at) {

		}

		/** An API token of theirs, by name. */
		public record TokenData(String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
				Instant revokedAt) {

		}

	}

}
