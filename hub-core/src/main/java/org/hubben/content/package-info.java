/**
 * Posts composed once (as plain text or as sanitised HTML), the media they carry, their
 * per-platform variants (derived to fit, or edited) with tags, the link back to the home
 * site, and their validation against each platform's capabilities, media rules included,
 * at compose time; and link previews, the card of the page a post links to, fetched
 * safely (no private networks, bounded).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Content",
		allowedDependencies = { "organisation", "connector", "media" })
package org.hubben.content;
