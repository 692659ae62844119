package org.hubben.web.site;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * What every public template uses: links relative to the site that carry the chosen
 * language along (there is no cookie to remember it), absolute links for what leaves the
 * page (canonical address, Open Graph, feeds), and dates in the page's language.
 *
 * @param language the page's language
 * @param publicUrl where Hubben is reached from outside, without a trailing slash
 * @param path the page's own path
 */
record SiteView(SiteLanguage language, URI publicUrl, String path) {

	/** The language tag of the page, for {@code <html lang>}. */
	public String lang() {
		return this.language.tag();
	}

	/**
	 * @param target a path on this site, starting with {@code /}
	 * @return the path, with {@code lang} when the visitor chose a language
	 */
	public String to(String target) {
		if (!this.language.explicit()) {
			return target;
		}
		return target + (target.contains("?") ? "&" : "?") + "lang=" + this.language.tag();
	}

	/**
	 * @param target a path on this site, starting with {@code /}
	 * @return the absolute address, without any language
	 */
	public String absolute(String target) {
		return this.publicUrl + target;
	}

	/**
	 * @param tag {@code sv} or {@code en}
	 * @return this page in that language
	 */
	public String in(String tag) {
		return this.path + "?lang=" + tag;
	}

	/**
	 * @return for example "21 november 2026 20:15" in Swedish, in the organisation's zone
	 */
	public String date(Instant instant, String zoneId) {
		return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
			.withLocale(this.language.locale())
			.format(instant.atZone(ZoneId.of(zoneId)));
	}

	/**
	 * @return the start of a text, at most {@code max} characters, cut at a word
	 */
	public String excerpt(String text, int max) {
		String flat = text.strip().replaceAll("\\s+", " ");
		if (flat.length() <= max) {
			return flat;
		}
		int cut = flat.lastIndexOf(' ', max - 1);
		return flat.substring(0, (cut > max / 2) ? cut : max - 1).strip() + "…";
	}

}
