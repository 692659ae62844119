package org.hubben.publishing;

import java.util.UUID;

/**
 * A publication that cannot be moved to another time any more: some delivery was claimed,
 * sent, tried or cancelled. {@link #getMessage()} says which, in words a person can act
 * on.
 */
public class RescheduleRefused extends RuntimeException {

	private final UUID publicationId;

	public RescheduleRefused(UUID publicationId, String reason) {
		super(reason);
		this.publicationId = publicationId;
	}

	public UUID publicationId() {
		return this.publicationId;
	}

}
