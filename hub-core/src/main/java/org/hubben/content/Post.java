package org.hubben.content;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A post, composed once for every platform.
 *
 * @param id the identifier
 * @param organisationId the organisation that speaks in it
 * @param title the title (YouTube and Flickr show it; the home site too)
 * @param text the text as the author wrote it, or the plain text of their HTML
 * @param link the page it links to, or {@code null} for the organisation's home site
 * @param slug a URL-safe unique name; also the {@code utm_campaign}
 * @param createdBy the username of its author
 * @param createdAt when it was composed
 * @param shared whether it is offered to the regions and supporters: the share kit of
 * every organisation below its own shows it
 * @param html the sanitised HTML the text was derived from (see {@link RichText}), or
 * {@code null} when the post was written as plain text
 */
@Table("post")
public record Post(@Id UUID id, UUID organisationId, String title, @Column("body") String text, String link,
		String slug, String createdBy, Instant createdAt, boolean shared, @Column("body_html") String html) {

	/**
	 * @return the link, or {@code null} when the post links to the organisation's home
	 * site
	 */
	public URI linkUri() {
		return (this.link != null) ? URI.create(this.link) : null;
	}

}
