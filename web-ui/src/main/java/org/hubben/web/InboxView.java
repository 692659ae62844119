package org.hubben.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.Moderation;
import org.hubben.inbox.Comment;
import org.hubben.inbox.InboxEntry;
import org.hubben.inbox.InboxThread;
import org.hubben.inbox.PostThreads;

/**
 * The inbox as its page shows it: posts, their threads, and each comment with what a
 * member may do with it.
 */
final class InboxView {

	private InboxView() {
	}

	static List<PostRow> of(List<PostThreads> groups, String zone) {
		List<PostRow> rows = new ArrayList<>();
		for (PostThreads group : groups) {
			List<ThreadRow> threads = new ArrayList<>();
			for (InboxThread thread : group.threads()) {
				List<CommentRow> replies = thread.replies()
					.stream()
					.map((entry) -> CommentRow.of(entry, zone))
					.toList();
				threads.add(new ThreadRow(CommentRow.of(thread.root(), zone), replies, thread.unanswered(),
						thread.flagged()));
			}
			rows.add(new PostRow(group.postId(), group.title(), DueTimeText.of(group.lastActivity(), zone), threads));
		}
		return rows;
	}

	/** A post and its threads. */
	record PostRow(UUID postId, String title, String lastActivity, List<ThreadRow> threads) {

	}

	/** A thread: its first comment and the answers below it. */
	record ThreadRow(CommentRow root, List<CommentRow> replies, boolean unanswered, boolean flagged) {

	}

	/**
	 * One comment.
	 *
	 * @param state {@code null} while the public sees it, else who hid or deleted it
	 * @param moderationLabel the button's label: "Hide on Facebook", "Delete on Flickr"
	 */
	record CommentRow(UUID id, String platform, String platformName, String channel, String author, String time,
			String text, boolean byChannel, String repliedBy, boolean flagged, String matchedWords, String state,
			boolean open, String moderationLabel, boolean nested, int replyLimit) {

		static CommentRow of(InboxEntry entry, String zone) {
			Comment comment = entry.comment();
			String state = null;
			if (comment.deleted() || comment.hidden()) {
				String done = comment.deleted() ? "Deleted" : "Hidden";
				state = (comment.moderatedBy() != null)
						? done + " by " + comment.moderatedBy() + ", " + DueTimeText.of(comment.moderatedAt(), zone)
						: done + " on " + comment.platform().displayName();
			}
			String action = (entry.moderation() == Moderation.DELETE) ? "Delete" : "Hide";
			return new CommentRow(comment.id(), comment.platform().id(), comment.platform().displayName(),
					entry.channelName(), comment.authorName(), DueTimeText.of(comment.createdAt(), zone),
					comment.text(), comment.byChannel(), comment.repliedBy(), comment.needsModeration(),
					comment.matchedWords(), state, comment.visible() && !comment.byChannel(),
					action + " on " + comment.platform().displayName(), entry.nested(),
					org.hubben.inbox.Inbox.replyLimit(comment.platform()));
		}

	}

}
