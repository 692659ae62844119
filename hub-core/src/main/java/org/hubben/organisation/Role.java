package org.hubben.organisation;

/** What a member may do within their organisation. */
public enum Role {

	/** Everything, including members and channels. */
	ADMIN,

	/** Composes and schedules posts. */
	EDITOR,

	/** Approves posts that editors submit. */
	APPROVER,

	/** Reads only. */
	VIEWER

}
