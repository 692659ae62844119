package org.hubben.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Reads RSS 2.0 and Atom 1.0 feeds: each entry's id, title, link, summary as plain text
 * and date. Text in CDATA sections and escaped or inline HTML is read as a person would
 * read it; relative links are resolved against the feed's address; an entry without a
 * guid is known by its link. Pure and thread-safe.
 */
final class FeedEntries {

	/** How much of an article's summary a draft takes. */
	static final int SUMMARY_MAX = 1_000;

	/** More entries than any feed needs to show; the rest are not read. */
	static final int ENTRIES_MAX = 200;

	static final int GUID_MAX = 1_000;

	/**
	 * RFC 822 dates as RSS feeds write them, with the zone names RFC 1123 does not know.
	 */
	private static final Map<String, String> ZONES = Map.of("UT", "+0000", "Z", "+0000", "EST", "-0500", "EDT", "-0400",
			"CST", "-0600", "CDT", "-0500", "MST", "-0700", "MDT", "-0600", "PST", "-0800", "PDT", "-0700");

	private FeedEntries() {
	}

	/**
	 * @param body the feed's bytes (the XML declaration's encoding is honoured, UTF-8
	 * otherwise)
	 * @param feedUrl where the feed was read, for relative links
	 * @return its entries in the feed's order, at most {@link #ENTRIES_MAX}; an entry
	 * with neither a guid nor a link is left out, since it cannot be told apart from the
	 * next
	 * @throws NotAFeed when the document is neither RSS nor Atom
	 */
	static List<FeedEntry> read(byte[] body, URI feedUrl) {
		Document document;
		try {
			document = Jsoup.parse(new ByteArrayInputStream(body), null, feedUrl.toString(), Parser.xmlParser());
		}
		catch (IOException ex) {
			// Not thrown for bytes already in memory.
			throw new UncheckedIOException(ex);
		}
		Element root = document.children().stream().findFirst().orElse(null);
		if (root == null) {
			throw new NotAFeed("it is empty");
		}
		String rootName = local(root);
		List<FeedEntry> entries = new ArrayList<>();
		if (rootName.equals("rss") || rootName.equals("rdf")) {
			Element channel = child(root, "channel").orElse(root);
			List<Element> items = new ArrayList<>(children(channel, "item"));
			// RSS 1.0 (RDF) puts its items beside the channel.
			if (items.isEmpty()) {
				items.addAll(children(root, "item"));
			}
			for (Element item : items) {
				rssItem(item, feedUrl).ifPresent(entries::add);
				if (entries.size() == ENTRIES_MAX) {
					break;
				}
			}
		}
		else if (rootName.equals("feed")) {
			for (Element entry : children(root, "entry")) {
				atomEntry(entry, feedUrl).ifPresent(entries::add);
				if (entries.size() == ENTRIES_MAX) {
					break;
				}
			}
		}
		else {
			throw new NotAFeed("it is " + (rootName.equals("html") ? "a web page" : "<" + root.nodeName() + ">")
					+ ", neither RSS nor Atom");
		}
		return entries;
	}

	private static Optional<FeedEntry> rssItem(Element item, URI feedUrl) {
		// An RSS feed may carry atom:link elements too; the article's link is the one
		// with text.
		String link = children(item, "link").stream()
			.map(Element::text)
			.filter((href) -> !href.isBlank())
			.findFirst()
			.map((href) -> absolute(feedUrl, href))
			.orElse(null);
		Element guidElement = child(item, "guid").orElse(null);
		String guid = (guidElement != null) ? guidElement.text().strip() : "";
		// A permalink guid is the article's address, when it is a whole one.
		if (link == null && guidElement != null && !"false".equalsIgnoreCase(guidElement.attr("isPermaLink"))
				&& guid.toLowerCase(Locale.ROOT).matches("https?://.+")) {
			link = absolute(feedUrl, guid);
		}
		String summary = child(item, "description").map(Element::text)
			.filter((text) -> !text.isBlank())
			.or(() -> child(item, "encoded").map(Element::text))
			.map(FeedEntries::plainText)
			.orElse("");
		Instant published = child(item, "pubDate").map(Element::text)
			.map(FeedEntries::rfc822)
			.or(() -> child(item, "date").map(Element::text).map(FeedEntries::iso))
			.orElse(null);
		String title = child(item, "title").map(Element::text).map(FeedEntries::plainText).orElse("");
		return entry(guid, title, link, summary, published);
	}

	private static Optional<FeedEntry> atomEntry(Element entry, URI feedUrl) {
		String link = null;
		for (Element candidate : children(entry, "link")) {
			String rel = candidate.attr("rel").strip();
			if ((rel.isEmpty() || rel.equals("alternate")) && !candidate.attr("href").isBlank()) {
				link = absolute(base(candidate, feedUrl), candidate.attr("href"));
				break;
			}
		}
		String guid = child(entry, "id").map(Element::text).orElse("").strip();
		String summary = child(entry, "summary").filter((element) -> !element.text().isBlank())
			.or(() -> child(entry, "content"))
			.map(FeedEntries::atomText)
			.orElse("");
		Instant published = child(entry, "published").or(() -> child(entry, "updated"))
			.map(Element::text)
			.map(FeedEntries::iso)
			.orElse(null);
		String title = child(entry, "title").map(FeedEntries::atomText).orElse("");
		return entry(guid, title, link, summary, published);
	}

	private static Optional<FeedEntry> entry(String guid, String title, String link, String summary,
			Instant published) {
		String id = guid.isEmpty() ? link : guid;
		if (id == null || id.isEmpty()) {
			return Optional.empty();
		}
		if (id.length() > GUID_MAX) {
			id = id.substring(0, GUID_MAX);
		}
		return Optional.of(new FeedEntry(id, title.replaceAll("\\s+", " ").strip(), link, trim(summary), published));
	}

	/**
	 * Atom text constructs: {@code text}, escaped {@code html}, or inline {@code xhtml}.
	 */
	private static String atomText(Element element) {
		String type = element.attr("type").strip().toLowerCase(Locale.ROOT);
		if (type.equals("xhtml")) {
			return plainText(element.html());
		}
		if (type.equals("html") || type.equals("text/html")) {
			return plainText(element.text());
		}
		return element.wholeText().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" ?\\n ?", "\n").strip();
	}

	/** The text a person reads in HTML: paragraphs apart, no markup, no scripts. */
	private static String plainText(String html) {
		return RichText.plainText(html);
	}

	/**
	 * @return the text cut to {@link #SUMMARY_MAX} characters: after the last sentence
	 * that fits, when that keeps at least half of it, otherwise at the last word, with
	 * "…"
	 */
	static String trim(String text) {
		String stripped = text.strip();
		if (stripped.length() <= SUMMARY_MAX) {
			return stripped;
		}
		String head = stripped.substring(0, SUMMARY_MAX);
		int sentence = -1;
		for (int i = head.length() - 1; i >= SUMMARY_MAX / 2; i--) {
			char c = head.charAt(i);
			if ((c == '.' || c == '!' || c == '?') && i + 1 < stripped.length()
					&& Character.isWhitespace(stripped.charAt(i + 1))) {
				sentence = i;
				break;
			}
		}
		if (sentence > 0) {
			return head.substring(0, sentence + 1);
		}
		int space = head.length() - 1;
		while (space > 0 && !Character.isWhitespace(head.charAt(space))) {
			space--;
		}
		String cut = (space > SUMMARY_MAX / 2) ? head.substring(0, space) : head.substring(0, SUMMARY_MAX - 1);
		return cut.replaceAll("[\\s,;:\\-–—]+$", "") + "…";
	}

	private static Instant rfc822(String text) {
		String value = text.strip().replaceAll("\\s+", " ");
		int lastSpace = value.lastIndexOf(' ');
		if (lastSpace > 0) {
			String zone = ZONES.get(value.substring(lastSpace + 1).toUpperCase(Locale.ROOT));
			if (zone != null) {
				value = value.substring(0, lastSpace + 1) + zone;
			}
		}
		try {
			return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			// Some feeds write ISO 8601 in pubDate.
			return iso(text);
		}
	}

	private static Instant iso(String text) {
		try {
			return OffsetDateTime.parse(text.strip()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** An Atom element's {@code xml:base}, the nearest one, resolved against the feed. */
	private static URI base(Element element, URI feedUrl) {
		List<String> bases = new ArrayList<>();
		for (Element at = element; at != null; at = at.parent()) {
			if (at.hasAttr("xml:base")) {
				bases.add(0, at.attr("xml:base").strip());
			}
		}
		URI base = feedUrl;
		for (String next : bases) {
			try {
				base = base.resolve(new URI(next));
			}
			catch (URISyntaxException | IllegalArgumentException ex) {
				// An unreadable base: links are read against the one above.
			}
		}
		return base;
	}

	/**
	 * @return the link made absolute, or {@code null} when it is not a valid http(s)
	 * address
	 */
	private static String absolute(URI base, String href) {
		String trimmed = href.strip();
		if (trimmed.isEmpty()) {
			return null;
		}
		try {
			URI resolved = base.resolve(new URI(trimmed));
			String scheme = (resolved.getScheme() != null) ? resolved.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("http") && !scheme.equals("https") || resolved.getHost() == null
					|| resolved.toString().length() > AddressGuard.LINK_MAX) {
				return null;
			}
			return resolved.toString();
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return null;
		}
	}

	/** A tag's name without its namespace prefix, in lower case. */
	private static String local(Element element) {
		String name = element.nodeName();
		int colon = name.indexOf(':');
		return ((colon >= 0) ? name.substring(colon + 1) : name).toLowerCase(Locale.ROOT);
	}

	private static List<Element> children(Element parent, String localName) {
		String wanted = localName.toLowerCase(Locale.ROOT);
		return parent.children().stream().filter((child) -> local(child).equals(wanted)).toList();
	}

	private static Optional<Element> child(Element parent, String localName) {
		return children(parent, localName).stream().findFirst();
	}

	/** The document is not an RSS or Atom feed; the message says what it is. */
	static final class NotAFeed extends RuntimeException {

		NotAFeed(String reason) {
			super(reason);
		}

	}

}
