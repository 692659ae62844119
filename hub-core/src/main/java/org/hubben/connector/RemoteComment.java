package org.hubben.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * A comment or reply on one of a channel's own posts, as the platform shows it. It holds
 * a person's name and words: keep it only as long as the organisation's retention allows,
 * and never log its text or author.
 *
 * @param id the platform's identifier of the comment, never {@code null}
 * @param postId the platform's identifier of the channel's post it belongs to (the id a
 * delivery recorded as its remote id), never {@code null}
 * @param parentId the comment it answers, or {@code null} for a comment on the post
 * itself
 * @param authorId the platform's identifier of its author, never {@code null}
 * @param authorName the author's name as the platform shows it, never {@code null}
 * @param text the text as written (plain text), never {@code null}
 * @param createdAt when the platform says it was written, never {@code null}
 * @param hidden whether it is hidden from the public (the platform's own moderation
 * state, where it has one)
 * @param byChannel whether the channel itself wrote it (the organisation's own reply)
 */
public record RemoteComment(String id, String postId, String parentId, String authorId, String authorName, String text,
		Instant createdAt, boolean hidden, boolean byChannel) {

	public RemoteComment {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(postId, "postId");
		Objects.requireNonNull(authorId, "authorId");
		Objects.requireNonNull(authorName, "authorName");
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(createdAt, "createdAt");
	}

	@Override
	public String toString() {
		return "RemoteComment[id=" + this.id + ", postId=" + this.postId + ", parentId=" + this.parentId
				+ ", author and text=<hidden>]";
	}

}
