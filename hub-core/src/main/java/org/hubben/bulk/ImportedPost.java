package org.hubben.bulk;

import java.time.Instant;
import java.util.UUID;

/**
 * One row that became a scheduled post, or, where the organisation requires approval, a
 * post submitted for approval.
 *
 * @param row the row's number, 1 being the first after the header
 * @param postId the post composed
 * @param publicationId its publication; {@code null} when it was submitted for approval
 * @param dueAt when it goes out (is to go out, once approved); {@code null} for as soon
 * as it is approved
 * @param channels how many channels it goes to
 * @param submissionId its submission for approval; {@code null} when it was scheduled
 */
public record ImportedPost(int row, UUID postId, UUID publicationId, Instant dueAt, int channels, UUID submissionId) {

}
