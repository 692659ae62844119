package org.hubben.content;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.hubben.connector.MediaKind;
import org.hubben.connector.MediaRules;
import org.hubben.connector.Platform;
import org.hubben.media.MediaFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaSelectionTests {

	private static final long MIB = 1024 * 1024;

	private static final MediaRules YOUTUBE = new MediaRules(MediaRules.Required.VIDEO, Set.of(), 0, 0,
			Set.of("video/mp4", "video/quicktime", "video/webm", "video/x-matroska"), 256 * 1024 * MIB * 1024, 1,
			false);

	private static final MediaRules FLICKR = new MediaRules(MediaRules.Required.IMAGE_OR_VIDEO,
			Set.of("image/jpeg", "image/png", "image/gif", "image/tiff"), 200 * MIB, 1,
			Set.of("video/mp4", "video/quicktime"), 1024 * MIB, 1, false);

	private static final MediaRules X = new MediaRules(MediaRules.Required.NOTHING,
			Set.of("image/jpeg", "image/png", "image/gif", "image/webp"), 5 * MIB, 4,
			Set.of("video/mp4", "video/quicktime"), 512 * MIB, 1, false);

	private static MediaFile image(String name, String contentType, long size) {
		return new MediaFile(UUID.randomUUID(), UUID.randomUUID(), MediaKind.IMAGE, contentType, size, "0".repeat(64),
				name, "x/" + name, "admin", Instant.EPOCH);
	}

	private static MediaFile video(String name, String contentType, long size) {
		return new MediaFile(UUID.randomUUID(), UUID.randomUUID(), MediaKind.VIDEO, contentType, size, "0".repeat(64),
				name, "x/" + name, "admin", Instant.EPOCH);
	}

	@Test
	void youTubeNeedsAVideo() {
		assertThat(MediaSelection.select(Platform.YOUTUBE, YOUTUBE, List.of()).problems())
			.containsExactly("YouTube needs a video: attach one, or leave YouTube out");
	}

	@Test
	void youTubeTakesOneVideoAndNoImages() {
		assertThat(MediaSelection.select(Platform.YOUTUBE, YOUTUBE, List.of(video("film.mp4", "video/mp4", MIB)))
			.problems()).isEmpty();
		MediaFile film = video("film.mp4", "video/mp4", MIB);
		MediaSelection.Selection withAPhoto = MediaSelection.select(Platform.YOUTUBE, YOUTUBE,
				List.of(image("a.jpg", "image/jpeg", MIB), film));
		assertThat(withAPhoto.problems()).isEmpty();
		assertThat(withAPhoto.taken()).containsExactly(film);
		assertThat(
				MediaSelection.select(Platform.YOUTUBE, YOUTUBE, List.of(image("a.jpg", "image/jpeg", MIB))).problems())
			.containsExactly("YouTube needs a video: attach one, or leave YouTube out");
		assertThat(MediaSelection
			.select(Platform.YOUTUBE, YOUTUBE,
					List.of(video("one.mp4", "video/mp4", MIB), video("two.webm", "video/webm", MIB)))
			.problems()).containsExactly("YouTube takes at most 1 video in one post; this one has 2");
	}

	@Test
	void flickrNeedsAPhotoOrAVideo() {
		assertThat(MediaSelection.select(Platform.FLICKR, FLICKR, List.of()).problems())
			.containsExactly("Flickr needs a photo or a video: attach one, or leave Flickr out");
		assertThat(MediaSelection.select(Platform.FLICKR, FLICKR, List.of(image("a.png", "image/png", MIB))).problems())
			.isEmpty();
		assertThat(MediaSelection.select(Platform.FLICKR, FLICKR, List.of(video("b.mov", "video/quicktime", MIB)))
			.problems()).isEmpty();
	}

	@Test
	void xTakesTextAloneOrUpToFourImagesOrOneVideo() {
		assertThat(MediaSelection.select(Platform.X, X, List.of()).problems()).isEmpty();
		List<MediaFile> five = List.of(image("1.jpg", "image/jpeg", MIB), image("2.jpg", "image/jpeg", MIB),
				image("3.jpg", "image/jpeg", MIB), image("4.jpg", "image/jpeg", MIB),
				image("5.jpg", "image/jpeg", MIB));
		assertThat(MediaSelection.select(Platform.X, X, five).problems())
			.containsExactly("X takes at most 4 images in one post; this one has 5");
		MediaFile photo = image("1.jpg", "image/jpeg", MIB);
		MediaFile film = video("v.mp4", "video/mp4", MIB);
		MediaSelection.Selection photoFirst = MediaSelection.select(Platform.X, X, List.of(photo, film));
		assertThat(photoFirst.problems()).isEmpty();
		assertThat(photoFirst.taken()).as("X cannot mix: the kind attached first wins").containsExactly(photo);
		assertThat(MediaSelection.select(Platform.X, X, List.of(film, photo)).taken()).containsExactly(film);
	}

	@Test
	void namesAFileOfATypeThePlatformDoesNotTakeAndTheTypesItTakes() {
		assertThat(MediaSelection.select(Platform.X, X, List.of(image("scan.tif", "image/tiff", MIB))).problems())
			.containsExactly("X does not take TIFF images (scan.tif); it takes JPEG, PNG, GIF, WebP");
		assertThat(MediaSelection.select(Platform.X, X, List.of(video("clip.webm", "video/webm", MIB))).problems())
			.containsExactly("X does not take WebM videos (clip.webm); it takes MP4, QuickTime");
	}

	@Test
	void namesAFileOverThePlatformsSizeLimit() {
		assertThat(MediaSelection.select(Platform.X, X, List.of(image("big.jpg", "image/jpeg", 6 * MIB + MIB / 2)))
			.problems()).containsExactly("big.jpg is 6.5 MB; X takes images up to 5 MB");
	}

}
