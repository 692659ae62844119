package org.hubben.webhook;

/** Where a call to an endpoint stands. */
public enum CallState {

	/** Waiting for its first attempt. */
	PENDING,

	/** Claimed by a node, which is POSTing it. */
	SENDING,

	/** The endpoint did not answer 2xx; attempted again at its next attempt time. */
	RETRYING,

	/** The endpoint answered 2xx. */
	DELIVERED,

	/** The attempts ran out, or the endpoint's address is one Hubben does not reach. */
	FAILED

}
