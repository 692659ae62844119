package org.hubben.media;

import java.util.UUID;

/** No medium has the identifier, or it belongs to another organisation. */
public class MediaNotFound extends RuntimeException {

	public MediaNotFound(UUID id) {
		super("There is no medium " + id, null, false, false);
	}

}
