package org.hubben.connector;

/**
 * The channel's token is expired, revoked or lacks a permission: a person must reconnect
 * the channel.
 */
public final class AuthorisationFailed extends ConnectorException {

	public AuthorisationFailed(Platform platform, String reason) {
		super(platform, reason, null);
	}

	@Override
	public boolean retryable() {
		return false;
	}

}
