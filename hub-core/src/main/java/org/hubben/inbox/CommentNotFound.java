package org.hubben.inbox;

import java.util.UUID;

/** No comment with this id in the member's organisation's inbox. */
public class CommentNotFound extends RuntimeException {

	CommentNotFound(UUID id) {
		super("There is no comment " + id + " in your inbox; it may have been deleted after its retention");
	}

}
