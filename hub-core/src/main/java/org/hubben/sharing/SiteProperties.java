package org.hubben.sharing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.site.*}: how the public pages behave.
 *
 * @param defaultLanguage the language of a visitor who asks for none Hubben has
 * ({@code sv} or {@code en})
 * @param maxAge how long browsers and shared caches may keep a public page
 * ({@code Cache-Control: public, max-age})
 * @param pageTtl how long a node keeps a rendered page at most, even when nothing seems
 * to have changed
 * @param changeCheckInterval how often a node asks the database whether anything public
 * changed (a post went out, a channel or a tips text changed), so that every node of a
 * cluster shows a new post within this interval
 * @param countFlushInterval how often the counts kept in memory are added to the database
 */
@ConfigurationProperties("hubben.site")
public record SiteProperties(@DefaultValue("sv") String defaultLanguage, @DefaultValue("60s") Duration maxAge,
		@DefaultValue("10m") Duration pageTtl, @DefaultValue("2s") Duration changeCheckInterval,
		@DefaultValue("60s") Duration countFlushInterval) {

}
