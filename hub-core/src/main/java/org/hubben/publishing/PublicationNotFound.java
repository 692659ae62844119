package org.hubben.publishing;

import java.util.UUID;

/** No publication has the identifier, or the person may not see it. */
public class PublicationNotFound extends RuntimeException {

	public PublicationNotFound(UUID id) {
		super("There is no publication " + id);
	}

}
