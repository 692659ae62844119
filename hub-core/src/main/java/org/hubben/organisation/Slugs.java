package org.hubben.organisation;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns names into URL-safe slugs: "Region Skåne Östra" becomes
 * {@code region-skane-ostra}.
 */
public final class Slugs {

	private Slugs() {
	}

	/**
	 * @param name any text, not {@code null}
	 * @return lower-case ASCII letters, digits and single hyphens, at most 80 characters;
	 * {@code "post"} when nothing is left
	 */
	public static String of(String name) {
		String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
		String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
		if (slug.length() > 80) {
			slug = slug.substring(0, 80).replaceAll("-$", "");
		}
		return slug.isEmpty() ? "post" : slug;
	}

}
