package org.hubben.organisation;

import java.util.UUID;

/**
 * What a person asks for when creating an organisation below another.
 *
 * @param parentId the organisation above it; required
 * @param name its display name; required, at most 200 characters
 * @param slug its URL-safe name, or {@code null} to derive it from the name
 * @param zoneId an IANA time zone, or {@code null} for the parent's
 * @param homeSiteUrl its own site, an absolute http(s) URL, or {@code null} when Hubben
 * serves its home site
 */
public record NewOrganisation(UUID parentId, String name, String slug, String zoneId, String homeSiteUrl) {

}
