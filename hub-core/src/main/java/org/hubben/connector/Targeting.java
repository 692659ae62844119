package org.hubben.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may see a targeted ("dark") post: a hard audience restriction, as Facebook's
 * {@code targeting} object. A post with a targeting is not shown on the Page itself.
 * Immutable; thread-safe.
 *
 * @param countries the ISO 3166-1 alpha-2 codes of the countries its audience lives in,
 * upper case, at least one
 * @param ageMin the youngest age of its audience, 13 to 65
 * @param ageMax the oldest age of its audience, 13 to 65, not below {@code ageMin}
 * @param locales the platform's locale ids (Facebook's are numbers), empty for any
 */
public record Targeting(List<String> countries, int ageMin, int ageMax, List<String> locales) {

	/** The youngest age platforms let a post target. */
	public static final int YOUNGEST = 13;

	/** The oldest age platforms let a post target; 65 stands for 65 and over. */
	public static final int OLDEST = 65;

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private static final Pattern LOCALE = Pattern.compile("\\d{1,6}");

	public Targeting {
		countries = (countries != null)
				? countries.stream().map((country) -> country.strip().toUpperCase(Locale.ROOT)).distinct().toList()
				: List.of();
		locales = (locales != null) ? locales.stream().map(String::strip).distinct().toList() : List.of();
	}

	/**
	 * @return what is wrong with this targeting, by field ({@code targeting.countries},
	 * {@code targeting.ageMin}, {@code targeting.ageMax}, {@code targeting.locales}), in
	 * words for the person; empty when it can be used
	 */
	public Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		List<String> unknown = new ArrayList<>();
		for (String country : this.countries) {
			if (!COUNTRIES.contains(country)) {
				unknown.add(country);
			}
		}
		if (this.countries.isEmpty()) {
			problems.put("targeting.countries", "Name at least one country, as a two-letter code such as SE");
		}
		else if (!unknown.isEmpty()) {
			problems.put("targeting.countries",
					"Not a two-letter country code (ISO 3166): " + String.join(", ", unknown) + "; for example SE, NO");
		}
		if (this.ageMin < YOUNGEST || this.ageMin > OLDEST) {
			problems.put("targeting.ageMin", "The youngest age must be from " + YOUNGEST + " to " + OLDEST);
		}
		if (this.ageMax < YOUNGEST || this.ageMax > OLDEST) {
			problems.put("targeting.ageMax", "The oldest age must be from " + YOUNGEST + " to " + OLDEST);
		}
		else if (this.ageMax < this.ageMin) {
			problems.put("targeting.ageMax", "The oldest age must not be below the youngest");
		}
		if (this.locales.stream().anyMatch((locale) -> !LOCALE.matcher(locale).matches())) {
			problems.put("targeting.locales", "Locales are Facebook's locale numbers, such as 6 for English (US)");
		}
		return problems;
	}

}
