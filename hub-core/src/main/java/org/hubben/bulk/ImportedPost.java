package org.hubben.bulk;

import java.time.Instant;
import java.util.UUID;

/**
 * One row that became a scheduled post.
 *
 * @param row the row's number, 1 being the first after the header
 * @param postId the post composed
 * @param publicationId its publication
 * @param dueAt when it goes out
 * @param channels how many channels it goes to
 */
public record ImportedPost(int row, UUID postId, UUID publicationId, Instant dueAt, int channels) {

}
