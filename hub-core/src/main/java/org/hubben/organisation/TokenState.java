package org.hubben.organisation;

import java.time.Duration;
import java.time.Instant;

/** Whether a channel's token lets Hubben publish, and for how long. */
public enum TokenState {

	/** Connected, and its token does not expire within a day (or does not expire). */
	VALID,

	/**
	 * Connected, but its token expires within a day: Hubben refreshes it before then
	 * where the platform allows; otherwise a person must reconnect the channel.
	 */
	EXPIRING,

	/** The platform refused its token: a person must reconnect the channel. */
	EXPIRED;

	/** How close an expiry must be for a token to count as expiring. */
	public static final Duration SOON = Duration.ofDays(1);

	/**
	 * @return the channel's token state at {@code now}
	 */
	public static TokenState of(Channel channel, Instant now) {
		if (channel.status() == ChannelStatus.EXPIRED) {
			return EXPIRED;
		}
		Instant expiresAt = channel.tokenExpiresAt();
		return (expiresAt != null && expiresAt.isBefore(now.plus(SOON))) ? EXPIRING : VALID;
	}

}
