package org.hubben.content;

import java.util.UUID;

import org.hubben.connector.Platform;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A variant a person edited for one platform. It stays as they wrote it; platforms
 * without one get a variant derived from the post.
 *
 * @param id the identifier
 * @param postId the post
 * @param platform the platform
 * @param text the edited text, or {@code null} to derive it
 * @param title the edited title, or {@code null} to derive it
 */
@Table("post_variant")
public record PostVariant(@Id UUID id, UUID postId, Platform platform, @Column("body") String text, String title) {

}
