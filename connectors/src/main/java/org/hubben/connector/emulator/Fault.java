package org.hubben.connector.emulator;

/** A failure an emulator can be told to show on its next publishing requests. */
public enum Fault {

	/** The platform's rate-limit answer, with its own headers. */
	RATE_LIMIT,

	/** A transient server error; the post is not created. */
	SERVER_ERROR,

	/**
	 * The request is read but never answered, so the client times out; the post is not
	 * created.
	 */
	TIMEOUT,

	/** The post is created, then the connection is closed without an answer. */
	ACCEPT_THEN_DROP,

	/**
	 * The post is created, then a server error is answered, as Facebook's documented
	 * {@code 500} with code 2 sometimes does.
	 */
	ACCEPT_THEN_ERROR,

	/** The token is treated as expired, with the platform's own error. */
	EXPIRED_TOKEN,

	/**
	 * For platforms that take media in parts (YouTube's resumable upload): the emulator
	 * reads a part, keeps only the first half of it, then closes the connection without
	 * an answer, as a network failure in the middle of an upload would. The client must
	 * ask what arrived and go on from there.
	 */
	DROP_DURING_UPLOAD

}
