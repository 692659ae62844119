package org.hubben.connector.emulator;

/**
 * A comment a person writes on a post an emulator holds: the body of
 * {@code POST /emulator/<platform>/comments}, so tests and demos can start a conversation
 * the way the platform's users would.
 *
 * @param postId the remote id of the post (as the emulator answered when it was
 * published)
 * @param parentId the comment it answers, or {@code null} for a comment on the post
 * @param authorId the commenter's platform id
 * @param authorName the commenter's name
 * @param text what they wrote
 */
public record PersonComment(String postId, String parentId, String authorId, String authorName, String text) {

}
