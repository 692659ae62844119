package org.hubben.connector;

import java.util.Objects;

/**
 * The decrypted credentials a connector needs to act as one channel. Never log it:
 * {@link #toString()} leaves the secrets out.
 *
 * @param accountId the platform's identifier of the account, page or channel
 * @param accessToken the bearer or page access token (OAuth 1.0a: the token)
 * @param tokenSecret the OAuth 1.0a token secret, or {@code null} for OAuth 2 platforms
 */
public record ChannelAccess(String accountId, String accessToken, String tokenSecret) {

	public ChannelAccess {
		Objects.requireNonNull(accountId, "accountId");
		Objects.requireNonNull(accessToken, "accessToken");
	}

	public static ChannelAccess bearer(String accountId, String accessToken) {
		return new ChannelAccess(accountId, accessToken, null);
	}

	@Override
	public String toString() {
		return "ChannelAccess[accountId=" + this.accountId + ", credentials=<hidden>]";
	}

}
