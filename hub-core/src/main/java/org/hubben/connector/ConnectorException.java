package org.hubben.connector;

import java.util.Objects;

/**
 * Why a platform did not take a post. The subtype tells the caller what it may do next;
 * the message is a reason a person can act on ("X refused: duplicate content"), never a
 * stack trace, and never holds a secret.
 */
public abstract sealed class ConnectorException extends RuntimeException
		permits PublishRefused, AuthorisationFailed, RateLimited, PlatformUnavailable, OutcomeUnknown {

	private final Platform platform;

	protected ConnectorException(Platform platform, String reason, Throwable cause) {
		super(Objects.requireNonNull(reason, "reason"), cause);
		this.platform = Objects.requireNonNull(platform, "platform");
	}

	public Platform platform() {
		return this.platform;
	}

	/**
	 * Whether sending the same request again later can succeed without a person changing
	 * anything.
	 * @return {@code true} for rate limits and outages, {@code false} for refusals, lost
	 * authorisation and unknown outcomes
	 */
	public abstract boolean retryable();

}
