package org.hubben.media;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.MediaKind;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One stored image or video.
 *
 * @param id the identifier
 * @param organisationId the organisation that uploaded it; only it may use it
 * @param kind image or video, from the sniffed type
 * @param contentType the type sniffed from the bytes, such as {@code video/mp4}
 * @param size the exact size in bytes
 * @param sha256 the SHA-256 of the bytes, lower-case hex
 * @param filename the name it was uploaded under, sanitised for headers and pages
 * @param storedPath where the bytes are, relative to the media directory
 * @param createdBy the username of who uploaded it
 * @param createdAt when it was stored
 */
@Table("media")
public record MediaFile(@Id UUID id, UUID organisationId, MediaKind kind, String contentType,
		@Column("byte_size") long size, String sha256, String filename, String storedPath, String createdBy,
		Instant createdAt) {

	public boolean image() {
		return this.kind == MediaKind.IMAGE;
	}

	public boolean video() {
		return this.kind == MediaKind.VIDEO;
	}

	/** The size for people: {@code 812 KB}, {@code 4.2 MB}. */
	public String displaySize() {
		return Sizes.display(this.size);
	}

}
