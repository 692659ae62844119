package org.hubben.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads a fetched page's card: Open Graph tags first, then Twitter card tags, then the
 * page's {@code <title>} and {@code <meta name=description>}. Pure and thread-safe.
 */
final class CardReader {

	static final int TITLE_MAX = 300;

	static final int DESCRIPTION_MAX = 1_000;

	private static final Set<String> CARD_TAGS = Set.of("og:title", "og:description", "og:image", "og:image:url",
			"og:image:secure_url", "twitter:title", "twitter:description", "twitter:image", "twitter:image:src");

	private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

	private CardReader() {
	}

	/**
	 * @param link the link a person gave (its canonical address is compared with this)
	 * @param page the page it leads to
	 * @return the card, with warnings
	 */
	static LinkCard read(String link, FetchedPage page) {
		List<String> warnings = new ArrayList<>();
		if (!page.html()) {
			warnings.add("The link leads to " + ((page.contentType() != null) ? page.contentType().split(";", 2)[0]
					: "something without a content type") + ", not a web page, so it has no card");
			return new LinkCard(link, null, null, null, null, warnings);
		}
		Document document = parse(page);
		Map<String, String> tags = new HashMap<>();
		for (Element meta : document.select("meta[content]")) {
			String key = meta.hasAttr("property") ? meta.attr("property") : meta.attr("name");
			String content = meta.attr("content").strip();
			if (!key.isBlank() && !content.isEmpty()) {
				tags.putIfAbsent(key.strip().toLowerCase(Locale.ROOT), content);
			}
		}
		String title = text(first(tags, "og:title", "twitter:title"), TITLE_MAX);
		if (title == null) {
			title = text(document.title(), TITLE_MAX);
		}
		String description = text(first(tags, "og:description", "twitter:description", "description"), DESCRIPTION_MAX);
		String image = absolute(document,
				first(tags, "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"));
		String canonical = null;
		for (Element canonicalLink : document.select("link[rel][href]")) {
			if (List.of(canonicalLink.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")).contains("canonical")) {
				canonical = absolute(document, canonicalLink.attr("href"));
				break;
			}
		}
		if (canonical == null) {
			canonical = absolute(document, tags.get("og:url"));
		}
		if (tags.keySet().stream().noneMatch(CARD_TAGS::contains)) {
			warnings.add("The page has no Open Graph or Twitter card tags, so platforms may show the link "
					+ "without a picture or description");
		}
		if (canonical != null && !sameAddress(canonical, link)) {
			warnings.add("The page names " + canonical
					+ " as its address, not the link; platforms may show and count that address instead");
		}
		return new LinkCard(link, title, description, image, canonical, warnings);
	}

	private static Document parse(FetchedPage page) {
		String charset = null;
		Matcher matcher = CHARSET.matcher(page.contentType());
		if (matcher.find()) {
			try {
				charset = Charset.isSupported(matcher.group(1)) ? matcher.group(1) : null;
			}
			catch (IllegalArgumentException ex) {
				// An illegal charset name: let Jsoup detect it from the page.
			}
		}
		try {
			return Jsoup.parse(new ByteArrayInputStream(page.body()), charset, page.url().toString());
		}
		catch (IOException ex) {
			// Not thrown for bytes already in memory.
			throw new UncheckedIOException(ex);
		}
	}

	private static String first(Map<String, String> tags, String... keys) {
		for (String key : keys) {
			String value = tags.get(key);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private static String text(String value, int max) {
		if (value == null) {
			return null;
		}
		String text = value.replaceAll("\\s+", " ").strip();
		if (text.isEmpty()) {
			return null;
		}
		if (text.codePointCount(0, text.length()) > max) {
			text = text.substring(0, text.offsetByCodePoints(0, max - 1)).strip() + "…";
		}
		return text;
	}

	/**
	 * Resolves a URL against the page (its {@code <base href>} included); http(s) only.
	 */
	private static String absolute(Document document, String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		String resolved = document.createElement("a").attr("href", url.strip()).absUrl("href");
		String lower = resolved.toLowerCase(Locale.ROOT);
		if (resolved.length() > AddressGuard.LINK_MAX
				|| !lower.startsWith("http://") && !lower.startsWith("https://")) {
			return null;
		}
		return resolved;
	}

	/**
	 * Whether two links name the same page for a reader: scheme and host in any case, a
	 * default port written or not, a trailing slash or not, and without fragments and
	 * {@code utm_*} tracking parameters.
	 */
	static boolean sameAddress(String first, String second) {
		String a = comparable(first);
		return a != null && a.equals(comparable(second));
	}

	private static String comparable(String link) {
		try {
			URI uri = new URI(link.strip());
			if (uri.getScheme() == null || uri.getRawAuthority() == null) {
				return null;
			}
			String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
			String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
			if (scheme.equals("http") && authority.endsWith(":80")
					|| scheme.equals("https") && authority.endsWith(":443")) {
				authority = authority.substring(0, authority.lastIndexOf(':'));
			}
			String path = (uri.getRawPath() == null) ? "" : uri.getRawPath();
			if (path.endsWith("/")) {
				path = path.substring(0, path.length() - 1);
			}
			List<String> kept = new ArrayList<>();
			if (uri.getRawQuery() != null) {
				for (String parameter : uri.getRawQuery().split("&")) {
					if (!parameter.isEmpty() && !parameter.startsWith("utm_")) {
						kept.add(parameter);
					}
				}
			}
			return scheme + "://" + authority + path + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
