package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.Action;
import org.hubben.inbox.Comment;
import org.hubben.inbox.Inbox;
import org.hubben.inbox.InboxEntry;
import org.hubben.inbox.InboxFilter;
import org.hubben.inbox.InboxThread;
import org.hubben.inbox.PostThreads;
import org.hubben.connector.Moderation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /api/inbox}: the comments on the organisation's posts, threaded under their
 * posts; replying in a channel's name and hiding (or deleting) a comment.
 */
@ApiController("/api/inbox")
@Tag(name = "Inbox", description = "Comments on your posts from every channel: read, reply, hide or delete")
class InboxApi {

	private final Inbox inbox;

	private final CurrentMember currentMember;

	InboxApi(Inbox inbox, CurrentMember currentMember) {
		this.inbox = inbox;
		this.currentMember = currentMember;
	}

	@GetMapping
	@Operation(operationId = "listInbox", summary = "List the inbox's threads, grouped under their posts",
			description = "The post with the newest comment first; in each post, the thread with the newest comment "
					+ "first; in each thread, the first comment and its replies oldest first.")
	Flux<PostJson> threads(@Parameter(description = "all (default), flagged or unanswered",
			schema = @Schema(allowableValues = { "all", "flagged", "unanswered" })) @RequestParam(name = "filter",
					required = false) String filter,
			Principal principal) {
		InboxFilter chosen = InboxFilter.of(filter);
		if (chosen == null) {
			return Flux.error(new InvalidRequest(Map.of("filter", "Choose all, flagged or unanswered")));
		}
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.inbox.threads(member.organisationId(), chosen))
			.flatMapMany(Flux::fromIterable)
			.map(PostJson::of);
	}

	@PostMapping("/comments/{id}/reply")
	@Operation(operationId = "replyToComment", summary = "Reply to a comment in the channel's name",
			description = "Not idempotent on the platform: the same text to the same comment is refused a second time "
					+ "(409). A viewer is refused (403); the platform's refusal is 502 with its reason.")
	Mono<CommentJson> reply(@PathVariable UUID id, @RequestBody ReplyJson body, Principal principal) {
		return this.currentMember.allowed(principal, Action.SCHEDULE)
			.flatMap((member) -> this.inbox.reply(member, id, body.text()))
			.map((reply) -> CommentJson.of(reply, this.inbox.moderationOn(reply.platform()), false));
	}

	@PostMapping("/comments/{id}/moderate")
	@Operation(operationId = "moderateComment", summary = "Hide a comment, or delete it where the platform cannot hide",
			description = "Facebook, X and YouTube hide it; Flickr deletes it. Idempotent: a comment already hidden or "
					+ "deleted is answered as it is.")
	Mono<CommentJson> moderate(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.SCHEDULE)
			.flatMap((member) -> this.inbox.moderate(member, id))
			.map((comment) -> CommentJson.of(comment, this.inbox.moderationOn(comment.platform()), false));
	}

	/**
	 * @param text the reply, plain text
	 */
	record ReplyJson(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
			example = "Thank you! The meeting starts at 18.") String text) {

	}

	/** A post and its threads. */
	record PostJson(@Schema(description = "null for mentions outside your posts") UUID postId, String title,
			Instant lastActivity, List<ThreadJson> threads) {

		static PostJson of(PostThreads group) {
			return new PostJson(group.postId(), group.title(), group.lastActivity(),
					group.threads().stream().map(ThreadJson::of).toList());
		}

	}

	/** A thread: its first comment and the replies below it. */
	record ThreadJson(CommentJson comment, List<CommentJson> replies, Instant lastActivity, boolean unanswered,
			boolean flagged) {

		static ThreadJson of(InboxThread thread) {
			return new ThreadJson(CommentJson.of(thread.root()),
					thread.replies().stream().map(CommentJson::of).toList(), thread.lastActivity(), thread.unanswered(),
					thread.flagged());
		}

	}

	/**
	 * One comment.
	 *
	 * @param moderation what moderating it does: {@code hide} or {@code delete}
	 * @param state {@code shown}, {@code hidden} or {@code deleted}
	 */
	record CommentJson(UUID id, String platform, UUID channelId, String channel, UUID postId, String remoteId,
			String parentRemoteId, String authorId, String authorName, String text, Instant createdAt,
			boolean byChannel, boolean mention, @Schema(allowableValues = {
					"shown", "hidden", "deleted" }) String state,
			boolean flagged, List<String> matchedWords, String repliedBy, String moderatedBy, Instant moderatedAt,
			@Schema(allowableValues = { "hide", "delete" }) String moderation, boolean nested){

		static CommentJson of(InboxEntry entry) {
			CommentJson json = of(entry.comment(), entry.moderation(), entry.nested());
			return new CommentJson(json.id, json.platform, json.channelId, entry.channelName(), json.postId,
					json.remoteId, json.parentRemoteId, json.authorId, json.authorName, json.text, json.createdAt,
					json.byChannel, json.mention, json.state, json.flagged, json.matchedWords, json.repliedBy,
					json.moderatedBy, json.moderatedAt, json.moderation, json.nested);
		}

		static CommentJson of(Comment comment, Moderation moderation, boolean nested) {
			String state = comment.deleted() ? "deleted" : comment.hidden() ? "hidden" : "shown";
			List<String> words = (comment.matchedWords() != null) ? List.of(comment.matchedWords().split(", "))
					: List.of();
			return new CommentJson(comment.id(), comment.platform().id(), comment.channelId(), null, comment.postId(),
					comment.remoteId(), comment.parentRemoteId(), comment.authorId(), comment.authorName(),
					comment.text(), comment.createdAt(), comment.byChannel(), comment.mention(), state,
					comment.needsModeration(), words, comment.repliedBy(), comment.moderatedBy(), comment.moderatedAt(),
					moderation.name().toLowerCase(java.util.Locale.ROOT), nested);
		}

		@Override
		public String toString() {
			return "CommentJson[id=" + this.id + ", platform=" + this.platform + ", author and text=<hidden>]";
		}

	}

}
