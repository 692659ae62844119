package org.hubben.sharing;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.hubben.connector.Platform;

/**
 * Where a person finds a channel on its platform, from the platform's own id of the
 * account: the addresses each platform gives an account by id, so they work without
 * knowing its current handle.
 */
public final class ChannelLinks {

	private ChannelLinks() {
	}

	/**
	 * @param platform the platform
	 * @param accountId the platform's id of the account (a Page id, a channel id
	 * {@code UC…}, a user id, a Flickr NSID)
	 * @return the account's public page on the platform
	 */
	public static URI profileOf(Platform platform, String accountId) {
		String id = URLEncoder.encode(accountId, StandardCharsets.UTF_8);
		return URI.create(switch (platform) {
			case FACEBOOK -> "https://www.facebook.com/" + id;
			case YOUTUBE -> "https://www.youtube.com/channel/" + id;
			case X -> "https://x.com/i/user/" + id;
			case FLICKR -> "https://www.flickr.com/photos/" + id + "/";
		});
	}

}
