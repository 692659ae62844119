package org.hubben.connector;

/**
 * The request was sent but no answer came back (timeout, dropped connection, a 5xx the
 * platform documents as possibly successful). The post may exist: reconcile with
 * {@link Connector#lookup} before anything is resent.
 */
public final class OutcomeUnknown extends ConnectorException {

	public OutcomeUnknown(Platform platform, String reason, Throwable cause) {
		super(platform, reason, cause);
	}

	@Override
	public boolean retryable() {
		return false;
	}

}
