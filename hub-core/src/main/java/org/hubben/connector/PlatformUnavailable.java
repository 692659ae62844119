package org.hubben.connector;

/**
 * The platform could not be reached, or answered with a transient error that tells us the
 * post was not taken (connection refused, 503 before the request was read).
 */
public final class PlatformUnavailable extends ConnectorException {

	public PlatformUnavailable(Platform platform, String reason, Throwable cause) {
		super(platform, reason, cause);
	}

	@Override
	public boolean retryable() {
		return true;
	}

}
