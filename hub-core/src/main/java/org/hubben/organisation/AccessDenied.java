package org.hubben.organisation;

import java.util.UUID;

/**
 * A member asked for something their role does not allow in that organisation. The
 * message says what was refused and why, in words the member can act on; it names no
 * other member.
 */
public class AccessDenied extends RuntimeException {

	private final Action action;

	private final UUID organisationId;

	public AccessDenied(Action action, UUID organisationId, String message) {
		super(message, null, false, false);
		this.action = action;
		this.organisationId = organisationId;
	}

	public Action action() {
		return this.action;
	}

	public UUID organisationId() {
		return this.organisationId;
	}

}
