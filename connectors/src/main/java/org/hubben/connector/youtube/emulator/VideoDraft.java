package org.hubben.connector.youtube.emulator;

import java.time.Instant;
import java.util.List;

/**
 * The metadata of a video being uploaded, as checked when its session started.
 *
 * @param title the title
 * @param description the description, empty when none was given
 * @param tags the tags
 * @param categoryId the category
 * @param privacyStatus {@code public}, {@code unlisted} or {@code private}
 * @param publishAt when a private video turns public, or {@code null}; always
 * {@code null} unless the video is private, as YouTube ignores it otherwise
 * @param madeForKids the {@code selfDeclaredMadeForKids} flag as given, or {@code null}
 */
record VideoDraft(String title, String description, List<String> tags, String categoryId, String privacyStatus,
		Instant publishAt, Boolean madeForKids) {

	VideoDraft {
		tags = List.copyOf(tags);
	}

}
