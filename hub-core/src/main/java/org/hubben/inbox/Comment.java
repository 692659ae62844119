package org.hubben.inbox;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.connector.RemoteComment;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A comment, reply or mention as Hubben keeps it. It holds a person's name and words:
 * {@link #toString()} leaves them out, and it is deleted once older than the retention.
 *
 * @param id Hubben's identifier
 * @param organisationId the organisation whose channel it is on
 * @param channelId the channel
 * @param platform the channel's platform
 * @param postId the Hubben post it is under; {@code null} for a mention outside the
 * channel's own posts
 * @param deliveryId the delivery that put that post on the channel, or {@code null}
 * @param remotePostId the platform's id of the post it is under
 * @param remoteId the platform's id of the comment, unique on the channel
 * @param parentRemoteId the comment it answers, or {@code null}
 * @param authorId the author's platform id
 * @param authorName the author's name as the platform shows it
 * @param text what they wrote
 * @param createdAt when it was written, as the platform says
 * @param fetchedAt when Hubben last read it
 * @param byChannel whether the channel itself wrote it (the organisation's reply)
 * @param mention whether it mentions the channel outside its own posts
 * @param hidden whether it is hidden from the public
 * @param deleted whether the channel deleted it (where the platform cannot hide)
 * @param flagged whether its text matched the organisation's word lists
 * @param matchedWords the entries it matched, comma-separated, or {@code null}
 * @param repliedBy the member who wrote this reply from Hubben, or {@code null}
 * @param moderatedBy the member who hid or deleted it from Hubben, or {@code null}
 * @param moderatedAt when they did
 */
@Table("inbox_comment")
public record Comment(@Id UUID id, UUID organisationId, UUID channelId, Platform platform, UUID postId, UUID deliveryId,
		String remotePostId, String remoteId, String parentRemoteId, String authorId, String authorName,
		@Column("body") String text, Instant createdAt, Instant fetchedAt, boolean byChannel, boolean mention,
		boolean hidden, boolean deleted, boolean flagged, String matchedWords, String repliedBy, String moderatedBy,
		Instant moderatedAt) {

	/** Room for the longest names platforms show. */
	static final int NAME_LIMIT = 300;

	static Comment of(RemoteComment remote, Target target, boolean mention, java.util.List<String> matched, Instant now,
			String repliedBy) {
		return new Comment(UUID.randomUUID(), target.organisationId(), target.channelId(), target.platform(),
				target.postId(), target.deliveryId(), remote.postId(), remote.id(), remote.parentId(),
				remote.authorId(), fit(remote.authorName(), NAME_LIMIT), fit(remote.text(), 20000), remote.createdAt(),
				now, remote.byChannel(), mention, remote.hidden(), false, !matched.isEmpty(), matchedWords(matched),
				repliedBy, null, null);
	}

	static String matchedWords(java.util.List<String> matched) {
		return matched.isEmpty() ? null : fit(String.join(", ", matched), 1000);
	}

	static String fit(String text, int limit) {
		return (text.length() <= limit) ? text : text.substring(0, limit);
	}

	/**
	 * @return whether the public still sees it
	 */
	public boolean visible() {
		return !this.hidden && !this.deleted;
	}

	/**
	 * @return whether it waits for a person to look at it: flagged, still shown, and not
	 * the organisation's own
	 */
	public boolean needsModeration() {
		return this.flagged && visible() && !this.byChannel;
	}

	/**
	 * The RemoteComment the connectors know, to answer or moderate it.
	 */
	RemoteComment remote() {
		return new RemoteComment(this.remoteId, this.remotePostId, this.parentRemoteId, this.authorId, this.authorName,
				this.text, this.createdAt, this.hidden, this.byChannel);
	}

	@Override
	public String toString() {
		return "Comment[id=" + this.id + ", channelId=" + this.channelId + ", remoteId=" + this.remoteId
				+ ", author and text=<hidden>]";
	}

	/**
	 * Where a comment belongs: a channel, and the post it is under.
	 *
	 * @param organisationId the channel's organisation
	 * @param channelId the channel
	 * @param platform its platform
	 * @param postId the Hubben post, or {@code null} for a mention
	 * @param deliveryId the delivery, or {@code null} for a mention
	 */
	record Target(UUID organisationId, UUID channelId, Platform platform, UUID postId, UUID deliveryId) {

	}

}
