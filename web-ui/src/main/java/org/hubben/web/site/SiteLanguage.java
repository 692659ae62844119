package org.hubben.web.site;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The language of a public page: {@code ?lang=sv} or {@code ?lang=en} when given (and
 * then kept in every link of the page, since no cookie remembers it), otherwise the best
 * match of the browser's {@code Accept-Language}, otherwise the configured default.
 *
 * @param locale Swedish or English
 * @param explicit whether the visitor chose it with {@code ?lang=}
 */
record SiteLanguage(Locale locale, boolean explicit) {

	static final Locale SWEDISH = Locale.forLanguageTag("sv");

	static final List<Locale> SUPPORTED = List.of(SWEDISH, Locale.ENGLISH);

	static SiteLanguage of(ServerRequest request, Locale fallback) {
		return of(request.queryParam("lang").orElse(null), request.headers().firstHeader(HttpHeaders.ACCEPT_LANGUAGE),
				fallback);
	}

	/**
	 * @param chosen the {@code lang} query parameter, or {@code null}
	 * @param header the {@code Accept-Language} header, or {@code null}
	 * @param fallback the language when neither names one Hubben has
	 */
	static SiteLanguage of(String chosen, String header, Locale fallback) {
		if (chosen != null) {
			for (Locale supported : SUPPORTED) {
				if (supported.getLanguage().equalsIgnoreCase(chosen.strip())) {
					return new SiteLanguage(supported, true);
				}
			}
		}
		if (header != null && !header.isBlank()) {
			try {
				Locale best = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
				if (best != null) {
					return new SiteLanguage(best, false);
				}
			}
			catch (IllegalArgumentException ex) {
				// An unreadable header counts as no preference.
			}
		}
		return new SiteLanguage(fallback, false);
	}

	String tag() {
		return this.locale.getLanguage();
	}

	/** Part of the cache key: a chosen language changes the links in the page. */
	String key() {
		return tag() + (this.explicit ? "!" : "");
	}

}
