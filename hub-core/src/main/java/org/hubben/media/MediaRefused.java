package org.hubben.media;

/**
 * An upload Hubben does not store; {@link #getMessage()} says why in words a person can
 * act on, and nothing of it is kept.
 */
public class MediaRefused extends RuntimeException {

	private final Reason reason;

	MediaRefused(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why an upload was refused. */
	public enum Reason {

		/** The file has no bytes. */
		EMPTY,

		/** The file is larger than {@code hubben.media.max-size}. */
		TOO_LARGE,

		/** The bytes are not an image or video type Hubben takes. */
		UNRECOGNISED

	}

}
