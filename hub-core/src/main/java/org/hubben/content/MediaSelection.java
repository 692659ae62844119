package org.hubben.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.hubben.connector.MediaRules;
import org.hubben.connector.Platform;
import org.hubben.media.MediaFile;
import org.hubben.media.Sizes;
import org.hubben.media.SniffedType;

/**
 * Chooses which of a post's media one platform receives, and says why the platform would
 * refuse them, so that a channel that cannot take the post is refused when the post is
 * scheduled, with a reason a person can act on, never when it fires.
 *
 * <p>
 * A post is composed once for every platform, so it may carry media that some platform
 * takes none of; each platform receives the part that fits it:
 * <ul>
 * <li>a kind the platform takes none of is left out (YouTube receives the video of a post
 * that also has photos);</li>
 * <li>where a platform takes images or a video but not both, it receives the kind the
 * author attached first (X receives the photos of a post whose first medium is a
 * photo);</li>
 * <li>what is left is checked, never trimmed: too many, the wrong format or too large is
 * a problem, as is a platform that needs a video (YouTube) or a photo or video (Flickr)
 * left with none.</li>
 * </ul>
 */
final class MediaSelection {

	private MediaSelection() {
	}

	/**
	 * @param platform the platform
	 * @param rules what it takes
	 * @param media the post's media in the author's order
	 * @return the media the platform receives, in the author's order, and the problems
	 */
	static Selection select(Platform platform, MediaRules rules, List<MediaFile> media) {
		String name = platform.displayName();
		List<MediaFile> candidates = media.stream()
			.filter((file) -> file.image() ? rules.maxImages() > 0 : rules.maxVideos() > 0)
			.toList();
		boolean bothKinds = candidates.stream().anyMatch(MediaFile::image)
				&& candidates.stream().anyMatch(MediaFile::video);
		List<MediaFile> taken = candidates;
		if (bothKinds && !rules.mixes()) {
			boolean imagesFirst = candidates.get(0).image();
			taken = candidates.stream().filter((file) -> file.image() == imagesFirst).toList();
		}
		List<MediaFile> images = taken.stream().filter(MediaFile::image).toList();
		List<MediaFile> videos = taken.stream().filter(MediaFile::video).toList();
		List<String> problems = new ArrayList<>();
		switch (rules.required()) {
			case VIDEO -> {
				if (videos.isEmpty()) {
					problems.add(name + " needs a video: attach one, or leave " + name + " out");
				}
			}
			case IMAGE_OR_VIDEO -> {
				if (taken.isEmpty()) {
					problems.add(name + " needs a photo or a video: attach one, or leave " + name + " out");
				}
			}
			case NOTHING -> {
			}
		}
		count(problems, name, images, rules.maxImages(), "image");
		count(problems, name, videos, rules.maxVideos(), "video");
		each(problems, name, images, rules.imageTypes(), rules.imageMaxBytes(), "images");
		each(problems, name, videos, rules.videoTypes(), rules.videoMaxBytes(), "videos");
		return new Selection(taken, problems);
	}

	/**
	 * What one platform receives of a post's media.
	 *
	 * @param taken the media it receives, in the author's order
	 * @param problems why it would refuse them; empty when it takes them
	 */
	record Selection(List<MediaFile> taken, List<String> problems) {

		Selection {
			taken = List.copyOf(taken);
			problems = List.copyOf(problems);
		}

	}

	private static void count(List<String> problems, String name, List<MediaFile> media, int max, String noun) {
		if (media.isEmpty() || media.size() <= max) {
			return;
		}
		problems.add(name + " takes at most " + max + " " + noun + ((max == 1) ? "" : "s")
				+ " in one post; this one has " + media.size());
	}

	private static void each(List<String> problems, String name, List<MediaFile> media, Set<String> types,
			long maxBytes, String noun) {
		for (MediaFile file : media) {
			if (!types.contains(file.contentType())) {
				problems.add(name + " does not take " + SniffedType.displayNameOf(file.contentType()) + " " + noun
						+ " (" + file.filename() + "); it takes " + namesOf(types));
			}
			else if (file.size() > maxBytes) {
				problems.add(file.filename() + " is " + Sizes.display(file.size()) + "; " + name + " takes " + noun
						+ " up to " + Sizes.display(maxBytes));
			}
		}
	}

	/** The formats in Hubben's own order, by the names people know them by. */
	private static String namesOf(Set<String> types) {
		List<String> known = Arrays.stream(SniffedType.values())
			.filter((type) -> types.contains(type.contentType()))
			.map(SniffedType::displayName)
			.toList();
		List<String> unknown = types.stream()
			.filter((type) -> SniffedType.byContentType(type).isEmpty())
			.sorted()
			.toList();
		return String.join(", ", Stream.concat(known.stream(), unknown.stream()).toList());
	}

}
