package org.hubben.organisation;

/**
 * A channel that publications went to, or are going to, cannot be removed: its deliveries
 * are the record of what was said where.
 */
public class ChannelInUse extends RuntimeException {

	public ChannelInUse(String channelName) {
		super(channelName + " carries publications, so it stays as their record; reconnect it instead, or leave it",
				null, false, false);
	}

}
