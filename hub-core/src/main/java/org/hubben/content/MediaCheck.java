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
 * Checks a post's media against one platform's {@link MediaRules}, so that a channel that
 * cannot take them is refused when the post is scheduled, with a reason a person can act
 * on, never when it fires.
 */
final class MediaCheck {

	private MediaCheck() {
	}

	/**
	 * @return why the platform would refuse the media; empty when it takes them
	 */
	static List<String> problems(Platform platform, MediaRules rules, List<MediaFile> media) {
		String name = platform.displayName();
		List<MediaFile> images = media.stream().filter(MediaFile::image).toList();
		List<MediaFile> videos = media.stream().filter(MediaFile::video).toList();
		List<String> problems = new ArrayList<>();
		switch (rules.required()) {
			case VIDEO -> {
				if (videos.isEmpty()) {
					problems.add(name + " needs a video: attach one, or leave " + name + " out");
				}
			}
			case IMAGE_OR_VIDEO -> {
				if (media.isEmpty()) {
					problems.add(name + " needs a photo or a video: attach one, or leave " + name + " out");
				}
			}
			case NOTHING -> {
			}
		}
		count(problems, name, images, rules.maxImages(), "image");
		count(problems, name, videos, rules.maxVideos(), "video");
		if (!rules.mixes() && !images.isEmpty() && !videos.isEmpty() && rules.maxImages() > 0
				&& rules.maxVideos() > 0) {
			problems.add(name + " takes images or a video in one post, not both: remove one or the other, or leave "
					+ name + " out");
		}
		if (rules.maxImages() > 0) {
			each(problems, name, images, rules.imageTypes(), rules.imageMaxBytes(), "images");
		}
		if (rules.maxVideos() > 0) {
			each(problems, name, videos, rules.videoTypes(), rules.videoMaxBytes(), "videos");
		}
		return problems;
	}

	private static void count(List<String> problems, String name, List<MediaFile> media, int max, String noun) {
		if (media.isEmpty() || media.size() <= max) {
			return;
		}
		if (max == 0) {
			problems.add(name + " takes no " + noun + "s: remove "
					+ ((media.size() == 1) ? "the " + noun : "the " + media.size() + " " + noun + "s") + ", or leave "
					+ name + " out");
		}
		else {
			problems.add(name + " takes at most " + max + " " + noun + ((max == 1) ? "" : "s")
					+ " in one post; this one has " + media.size());
		}
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
