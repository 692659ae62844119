package org.hubben.organisation;

import java.util.UUID;

/** There is no invitation with that id in an organisation the administrator manages. */
public class InvitationNotFound extends RuntimeException {

	public InvitationNotFound(UUID id) {
		super("There is no invitation " + id + " among those you manage", null, false, false);
	}

}
