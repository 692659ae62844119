package org.hubben.organisation;

import java.util.UUID;

/** There is no member with that id among those the asking administrator manages. */
public class MemberNotFound extends RuntimeException {

	public MemberNotFound(UUID id) {
		super("There is no member " + id + " among those you manage", null, false, false);
	}

}
