package org.hubben.connector.emulator;

import java.time.Instant;

/**
 * A comment as an emulator holds it, whoever wrote it: a person through
 * {@link Emulator#comment}, or the channel itself through the platform's reply call.
 *
 * @param id the platform-shaped identifier the emulator gave it
 * @param postId the remote id of the post it is on
 * @param parentId the comment it answers, or {@code null}
 * @param authorId the author's platform id (the channel's account id for its own replies)
 * @param authorName the author's name
 * @param text the text
 * @param createdAt when it was written
 * @param hidden whether the channel hid it (Facebook, X, YouTube)
 * @param deleted whether the channel deleted it (Flickr)
 * @param byChannel whether the channel itself wrote it
 */
public record EmulatedComment(String id, String postId, String parentId, String authorId, String authorName,
		String text, Instant createdAt, boolean hidden, boolean deleted, boolean byChannel) {

}
