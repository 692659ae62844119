package org.hubben.content;

import java.util.UUID;

/** No post has the identifier, or the person may not see it. */
public class PostNotFound extends RuntimeException {

	public PostNotFound(UUID id) {
		super("There is no post " + id);
	}

}
