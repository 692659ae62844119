package org.hubben.approval;

import java.util.UUID;

/** There is no such submission in the organisations the member may see. */
public class SubmissionNotFound extends RuntimeException {

	public SubmissionNotFound(UUID id) {
		super("There is no submission " + id, null, false, false);
	}

}
