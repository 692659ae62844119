package org.hubben.publishing;

/**
 * Where one delivery stands. {@code PENDING → SENDING → SENT | FAILED | UNKNOWN};
 * {@code PENDING → CANCELLED}. Only {@code PENDING} can be claimed, so a cancelled
 * delivery never goes out.
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

	/** Cancelled before it was claimed. */
	CANCELLED

}
