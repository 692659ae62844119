package org.hubben.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * An account on a platform that Hubben may publish as, with its tokens in the clear.
 * Never log it: {@link #toString()} leaves the secrets out.
 *
 * @param platform the platform
 * @param accountId the platform's identifier of the Page, channel or user
 * @param name the account's name as the platform shows it, for the person to confirm
 * @param accessToken the access token (OAuth 1.0a: the token)
 * @param tokenSecret the OAuth 1.0a token secret, or {@code null}
 * @param refreshToken the OAuth 2 refresh token, or {@code null} when there is none
 * @param expiresAt when the access token expires, or {@code null} when it does not
 */
public record LinkedAccount(Platform platform, String accountId, String name, String accessToken, String tokenSecret,
		String refreshToken, Instant expiresAt) {

	public LinkedAccount {
		Objects.requireNonNull(platform, "platform");
		Objects.requireNonNull(accountId, "accountId");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(accessToken, "accessToken");
	}

	public ChannelAccess access() {
		return new ChannelAccess(this.accountId, this.accessToken, this.tokenSecret);
	}

	@Override
	public String toString() {
		return "LinkedAccount[platform=" + this.platform + ", accountId=" + this.accountId + ", name=" + this.name
				+ ", credentials=<hidden>, expiresAt=" + this.expiresAt + "]";
	}

}
