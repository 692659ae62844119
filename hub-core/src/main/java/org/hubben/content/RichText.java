package org.hubben.content;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeVisitor;

/**
 * Simple HTML from the compose editor or a pasted article: what Hubben keeps of it, and
 * the plain text every platform receives. Pure computation; thread-safe.
 */
public final class RichText {

	/**
	 * Paragraphs, line breaks, bold and italic, links (http, https and mailto, opened
	 * without the page's context), lists, headings and quotes. Everything else is
	 * dropped: scripts, styles, event handlers such as {@code onclick}, images, frames.
	 */
	private static final Safelist SAFELIST = new Safelist()
		.addTags("p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4", "blockquote")
		.addAttributes("a", "href")
		.addProtocols("a", "href", "http", "https", "mailto")
		.addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");

	private static final Document.OutputSettings COMPACT = new Document.OutputSettings().prettyPrint(false);

	private RichText() {
	}

	/**
	 * @param html untrusted HTML, or {@code null}
	 * @return the HTML with only what the safelist allows, safe to show on a page;
	 * {@code ""} for {@code null}
	 */
	public static String sanitise(String html) {
		if (html == null || html.isBlank()) {
			return "";
		}
		return Jsoup.clean(html, "", SAFELIST, COMPACT);
	}

	/**
	 * The plain text of the HTML as a platform shows it: paragraphs, headings and lists
	 * separated by a blank line, {@code <br>
	 * } as a line break, each list item on a line of its own as "• item" (or "1. item" in
	 * a numbered list), a link as its URL, or as "text (URL)" when its text says
	 * something else, entities decoded.
	 * @param html HTML, sanitised or not (only the safelist's elements are read), or
	 * {@code null}
	 * @return the text, stripped; {@code ""} when there is none
	 */
	public static String plainText(String html) {
		if (html == null || html.isBlank()) {
			return "";
		}
		Document document = Jsoup.parseBodyFragment(sanitise(html));
		PlainTextWriter writer = new PlainTextWriter();
		document.body().traverse(writer);
		return tidy(writer.text.toString());
	}

	/** Trailing spaces on each line go, and at most one blank line separates blocks. */
	private static String tidy(String text) {
		return text.replaceAll("[ \\t\\x0B\\f\\u00A0]+\\n", "\n")
			.replaceAll("\\n[ \\t\\x0B\\f]+", "\n")
			.replaceAll("\\n{3,}", "\n\n")
			.strip();
	}

	private static final class PlainTextWriter implements NodeVisitor {

		private final StringBuilder text = new StringBuilder();

		/** Where the text of the link being written starts. */
		private int linkStart = -1;

		@Override
		public void head(Node node, int depth) {
			if (node instanceof TextNode textNode) {
				appendText(textNode.text());
			}
			else if (node instanceof Element element) {
				switch (element.normalName()) {
					case "br" -> this.text.append('\n');
					case "p", "h1", "h2", "h3", "h4", "blockquote", "ul", "ol" -> {
						if (inListItem(element)) {
							if (!afterBullet()) {
								newLine();
							}
						}
						else {
							blankLine();
						}
					}
					case "li" -> {
						newLine();
						Element list = element.parent();
						if (list != null && "ol".equals(list.normalName())) {
							this.text.append(element.elementSiblingIndex() + 1).append(". ");
						}
						else {
							this.text.append("• ");
						}
					}
					case "a" -> this.linkStart = this.text.length();
					default -> {
					}
				}
			}
		}

		@Override
		public void tail(Node node, int depth) {
			if (node instanceof Element element) {
				switch (element.normalName()) {
					case "p", "h1", "h2", "h3", "h4", "blockquote", "ul", "ol" -> {
						if (!inListItem(element)) {
							blankLine();
						}
					}
					case "a" -> endLink(element.attr("href"));
					default -> {
					}
				}
			}
		}

		private void endLink(String href) {
			if (this.linkStart < 0) {
				return;
			}
			String linked = this.text.substring(this.linkStart).strip();
			if (!href.isEmpty()) {
				if (linked.isEmpty()) {
					this.text.setLength(this.linkStart);
					appendText(href);
				}
				else if (!sameAddress(linked, href)) {
					this.text.append(" (").append(href).append(')');
				}
			}
			this.linkStart = -1;
		}

		/**
		 * A paragraph or a nested list inside a list item stays with the item: no blank
		 * line, so the item's "•" is not left alone on its line.
		 */
		private static boolean inListItem(Element element) {
			Element parent = element.parent();
			return parent != null && "li".equals(parent.normalName());
		}

		/** Whether the current line holds nothing but a list item's "• " or "1. ". */
		private boolean afterBullet() {
			String line = this.text.substring(this.text.lastIndexOf("\n") + 1);
			return line.matches("(• |\\d+\\. )");
		}

		/** Whitespace runs become one space, and none starts a line. */
		private void appendText(String value) {
			String collapsed = value.replaceAll("\\s+", " ");
			if (atLineStart()) {
				collapsed = collapsed.stripLeading();
			}
			else if (collapsed.startsWith(" ") && this.text.charAt(this.text.length() - 1) == ' ') {
				collapsed = collapsed.substring(1);
			}
			this.text.append(collapsed);
		}

		private boolean atLineStart() {
			return this.text.isEmpty() || this.text.charAt(this.text.length() - 1) == '\n';
		}

		private void newLine() {
			if (!atLineStart()) {
				this.text.append('\n');
			}
		}

		private void blankLine() {
			if (this.text.isEmpty()) {
				return;
			}
			newLine();
			if (this.text.length() < 2 || this.text.charAt(this.text.length() - 2) != '\n') {
				this.text.append('\n');
			}
		}

		/**
		 * "example.org/page" and "https://example.org/page/" name the same address, so
		 * the URL is not repeated after them.
		 */
		private static boolean sameAddress(String linked, String href) {
			return bare(linked).equalsIgnoreCase(bare(href));
		}

		private static String bare(String url) {
			String bare = url.replaceFirst("(?i)^(https?://|mailto:)", "").replaceFirst("(?i)^www\\.", "");
			return bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare;
		}

	}

}
