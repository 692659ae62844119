package org.hubben.publishing;

/**
 * Where one delivery stands.
 * {@code PENDING → SENDING → SENT | FAILED | UNKNOWN | WAITING};
 * {@code WAITING → PENDING} when its channel is reconnected;
 * {@code PENDING | WAITING → CANCELLED}. Only {@code PENDING} can be claimed, so a
 * cancelled delivery never goes out.
 */
public enum DeliveryState {

	/** Waiting for its time. */
	PENDING,

	/** Claimed by one node; the platform is being called. */
	SENDING,

	/** The platform took it; the remote id is saved. */
	SENT,

	/** The platform did not take it; {@code error} says why. */
	FAILED,

	/**
	 * The request went out but no answer came back: the post may exist. Never resent
	 * blindly.
	 */
	UNKNOWN,

	/**
	 * Waiting for the channel to be reconnected: the channel was expired when the
	 * delivery was due, or the platform refused its token. Nothing was posted, so it is
	 * sent again safely once the channel is reconnected; {@code error} says why it waits.
	 */
	WAITING,

	/** Cancelled before it was claimed, or while it waited. */
	CANCELLED

}
