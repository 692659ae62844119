package org.hubben.content;

import java.util.List;

/**
 * What platforms will show for a link: the page's card (Open Graph or Twitter card tags,
 * or failing those its {@code <title>} and description), and what a person may want to
 * know before posting the link.
 *
 * @param url the link as given
 * @param title the page's title, or {@code null}
 * @param description the page's description, or {@code null}
 * @param image the absolute http(s) URL of the card's image, or {@code null}
 * @param canonical the address the page names as its own ({@code <link rel=canonical>} or
 * {@code og:url}), or {@code null}
 * @param warnings sentences for a person (unreachable page, no card tags, a different
 * canonical address); empty when all is well
 */
public record LinkCard(String url, String title, String description, String image, String canonical,
		List<String> warnings) {

	public LinkCard {
		warnings = List.copyOf(warnings);
	}

	LinkCard withUrl(String url) {
		return new LinkCard(url, this.title, this.description, this.image, this.canonical, this.warnings);
	}

}
