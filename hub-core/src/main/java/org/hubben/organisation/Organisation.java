package org.hubben.organisation;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An organisation: the centre ({@code parentId == null}) or a region below it. Every post
 * links back to its organisation's one home site: its own site, or, when it has none, the
 * home site Hubben serves for it ({@link HomeSites}).
 *
 * @param id the identifier
 * @param parentId the organisation above, or {@code null} for the centre
 * @param name the display name
 * @param slug a URL-safe unique name
 * @param homeSiteUrl the organisation's own site, an absolute http(s) URL, or
 * {@code null} when Hubben serves its home site
 * @param zoneId the IANA time zone the organisation plans in
 * @param createdAt when it was created
 * @param feedUrl the RSS or Atom feed of its own site, watched for new articles; or
 * {@code null} to discover it from the site's {@code <link rel="alternate">}
 * @param senderLine the line that says who speaks, carried by every post where the
 * platform allows (seed 004: the organisation is always clear that it is the sender), or
 * {@code null} for none
 */
@Table("organisation")
public record Organisation(@Id UUID id, UUID parentId, String name, String slug, String homeSiteUrl, String zoneId,
		Instant createdAt, String feedUrl, String senderLine) {

	/** The longest sender line. */
	public static final int SENDER_LINE_MAX = 200;

	/**
	 * @return the organisation's own site; empty when Hubben serves its home site
	 */
	public Optional<URI> ownSite() {
		return Optional.ofNullable(this.homeSiteUrl).map(URI::create);
	}

	public ZoneId zone() {
		return ZoneId.of(this.zoneId);
	}

}
