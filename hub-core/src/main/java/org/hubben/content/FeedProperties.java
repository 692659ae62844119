package org.hubben.content;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.feed.*}: watching each organisation's home-site feed for new articles.
 *
 * @param enabled whether feeds are polled periodically; "Check now" on the settings page
 * works either way
 * @param interval how often every feed is polled
 * @param firstPollWindow on the first poll of a feed, only articles published within this
 * long before it become drafts; older ones are remembered as seen, so that connecting a
 * feed with years of articles does not flood the drafts
 */
@ConfigurationProperties("hubben.feed")
public record FeedProperties(@DefaultValue("true") boolean enabled, @DefaultValue("15m") Duration interval,
		@DefaultValue("3d") Duration firstPollWindow) {

}
