package org.hubben.organisation;

import java.util.UUID;

/** The member has no API token with the identifier. */
public class ApiTokenNotFound extends RuntimeException {

	public ApiTokenNotFound(UUID id) {
		super("You have no API token " + id);
	}

}
