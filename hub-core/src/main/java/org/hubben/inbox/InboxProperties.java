package org.hubben.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.inbox.*}.
 *
 * @param pollInterval how often every channel is asked for new comments and mentions
 * @param pollFor how long after a post went out its comments are still read
 * @param retention how long a comment, reply or mention is kept after it was written;
 * then it is deleted from Hubben (never from the platform)
 * @param retentionSweepInterval how often comments past their retention are deleted
 */
@ConfigurationProperties("hubben.inbox")
public record InboxProperties(@DefaultValue("5m") Duration pollInterval, @DefaultValue("14d") Duration pollFor,
		@DefaultValue("90d") Duration retention, @DefaultValue("1h") Duration retentionSweepInterval) {

}
