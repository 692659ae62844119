package org.hubben.organisation;

import java.util.UUID;

/** There is no such channel, or none the member may see. */
public class ChannelNotFound extends RuntimeException {

	public ChannelNotFound(UUID channelId) {
		super("There is no channel " + channelId, null, false, false);
	}

}
