package org.hubben.content;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;

/**
 * What a person submits to compose a post.
 *
 * @param title the title, required
 * @param text the text as plain text; required unless {@code html} is given, and refused
 * beside it
 * @param html the text as simple HTML (see {@link RichText}), or {@code null}
 * @param link the page to link to, or {@code null} for the organisation's home site
 * @param variants the variants they edited, by platform; may be {@code null}
 * @param mediaIds the stored media the post carries, in order; may be {@code null}, and
 * may hold {@code null}s and repeats, which composing refuses
 * @param shared whether the post is offered to the regions and supporters
 * @param sources links to what the post's facts rest on, in order; may be {@code null},
 * and may hold blanks, which are left out
 */
public record PostDraft(String title, String text, String html, String link, Map<Platform, VariantDraft> variants,
		List<UUID> mediaIds, boolean shared, List<String> sources) {

	public PostDraft {
		variants = (variants != null) ? Map.copyOf(variants) : Map.of();
		mediaIds = (mediaIds != null) ? Collections.unmodifiableList(new ArrayList<>(mediaIds)) : List.of();
		sources = (sources != null)
				? sources.stream().filter((source) -> source != null && !source.isBlank()).map(String::strip).toList()
				: List.of();
	}

	/** A draft without sources. */
	public PostDraft(String title, String text, String html, String link, Map<Platform, VariantDraft> variants,
			List<UUID> mediaIds, boolean shared) {
		this(title, text, html, link, variants, mediaIds, shared, null);
	}

	/**
	 * One edited variant.
	 *
	 * @param text the text for this platform, or {@code null} to derive it
	 * @param title the title for this platform, or {@code null} to derive it
	 */
	public record VariantDraft(String text, String title) {

	}

}
