package org.hubben.publishing;

/**
 * Where one delivery stands.
 * {@code PENDING | RETRYING → SENDING → SENT | FAILED | UNKNOWN | WAITING | RETRYING};
 * {@code UNKNOWN → SENT} when a lookup finds the post, {@code UNKNOWN → RETRYING} when it
 * finds none; {@code WAITING → PENDING} when its channel is reconnected;
 * {@code FAILED → RETRYING} when a person retries it;
 * {@code PENDING | RETRYING | WAITING → CANCELLED}. Only {@code PENDING} and
 * {@code RETRYING} can be claimed, so a cancelled delivery never goes out.
 */
public enum DeliveryState {

	/** Waiting for its time. */
	PENDING,

	/** Claimed by one node; the platform is being called. */
	SENDING,

	/** The platform took it; the remote id is saved. */
	SENT,

	/**
	 * The platform did not take it and sending the same again will not help, or it missed
	 * its time; {@code error} says why.
	 */
	FAILED,

	/**
	 * The request went out but no answer came back, or the node sending it stopped: the
	 * post may exist. Never resent blindly: Hubben looks it up on the platform and then
	 * records it as sent, or sends it again when the platform has no such post.
	 */
	UNKNOWN,

	/**
	 * Nothing was posted and it goes out again by itself at {@code nextAttemptAt}: the
	 * platform was unavailable, asked Hubben to wait (a rate limit), or had no post after
	 * an unknown outcome; {@code error} says why.
	 */
	RETRYING,

	/**
	 * Waiting for the channel to be reconnected: the channel was expired when the
	 * delivery was due, or the platform refused its token. Nothing was posted, so it is
	 * sent again safely once the channel is reconnected; {@code error} says why it waits.
	 */
	WAITING,

	/** Cancelled before it was claimed, or while it waited. */
	CANCELLED;

	/**
	 * @return whether the delivery may still change by itself, without a person
	 */
	public boolean inProgress() {
		return this == PENDING || this == SENDING || this == UNKNOWN || this == RETRYING;
	}

}
