package org.hubben.connector;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * One image or video attached to a post, as a connector uploads it.
 *
 * @param id Hubben's identifier of the medium
 * @param kind image or video
 * @param contentType the content type sniffed from the bytes, such as {@code video/mp4}
 * @param size the exact size of {@code file} in bytes
 * @param filename the name the person uploaded it under (for platforms that show one)
 * @param file a readable local file holding the bytes; connectors read it without
 * blocking (for example with {@code DataBufferUtils.read}) and may read any range of it
 * again, as a resumed upload must
 */
public record PublishMedia(UUID id, MediaKind kind, String contentType, long size, String filename, Path file) {

	public PublishMedia {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(contentType, "contentType");
		Objects.requireNonNull(filename, "filename");
		Objects.requireNonNull(file, "file");
	}

}
