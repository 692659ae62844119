package org.hubben.connector;

/**
 * The platform refused the post itself (duplicate, invalid, against its policy): sending
 * it again will not help.
 */
public final class PublishRefused extends ConnectorException {

	public PublishRefused(Platform platform, String reason) {
		super(platform, reason, null);
	}

	@Override
	public boolean retryable() {
		return false;
	}

}
