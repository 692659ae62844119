package org.hubben.media;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.hubben.connector.MediaKind;

/**
 * The file types Hubben takes, each recognised by {@link MediaSniffer} from a file's
 * first bytes.
 */
public enum SniffedType {

	JPEG("image/jpeg", MediaKind.IMAGE, "jpg", "JPEG"), PNG("image/png", MediaKind.IMAGE, "png", "PNG"),
	GIF("image/gif", MediaKind.IMAGE, "gif", "GIF"), WEBP("image/webp", MediaKind.IMAGE, "webp", "WebP"),
	BMP("image/bmp", MediaKind.IMAGE, "bmp", "BMP"), TIFF("image/tiff", MediaKind.IMAGE, "tif", "TIFF"),
	MP4("video/mp4", MediaKind.VIDEO, "mp4", "MP4"), QUICKTIME("video/quicktime", MediaKind.VIDEO, "mov", "QuickTime"),
	WEBM("video/webm", MediaKind.VIDEO, "webm", "WebM"),
	MATROSKA("video/x-matroska", MediaKind.VIDEO, "mkv", "Matroska");

	private final String contentType;

	private final MediaKind kind;

	private final String extension;

	private final String displayName;

	SniffedType(String contentType, MediaKind kind, String extension, String displayName) {
		this.contentType = contentType;
		this.kind = kind;
		this.extension = extension;
		this.displayName = displayName;
	}

	public String contentType() {
		return this.contentType;
	}

	public MediaKind kind() {
		return this.kind;
	}

	/** The extension the stored file gets, without the dot. */
	public String extension() {
		return this.extension;
	}

	/** The name people know the format by, such as {@code QuickTime}. */
	public String displayName() {
		return this.displayName;
	}

	public static Optional<SniffedType> byContentType(String contentType) {
		return Arrays.stream(values()).filter((type) -> type.contentType.equalsIgnoreCase(contentType)).findFirst();
	}

	/**
	 * @return the name people know a content type by ({@code image/webp} is
	 * {@code WebP}); the content type itself when Hubben does not know it
	 */
	public static String displayNameOf(String contentType) {
		return byContentType(contentType).map(SniffedType::displayName).orElse(contentType);
	}

	/**
	 * @return what Hubben takes, for messages: {@code images (JPEG, PNG, ...) and videos
	 * (MP4, ...)}
	 */
	public static String accepted() {
		return "images (" + namesOf(MediaKind.IMAGE) + ") and videos (" + namesOf(MediaKind.VIDEO) + ")";
	}

	/** The content types Hubben takes. */
	public static List<String> contentTypes() {
		return Arrays.stream(values()).map(SniffedType::contentType).toList();
	}

	private static String namesOf(MediaKind kind) {
		return String.join(", ",
				Arrays.stream(values()).filter((type) -> type.kind == kind).map(SniffedType::displayName).toList());
	}

}
