package org.hubben.organisation;

/**
 * What a member may ask to do in an organisation. Whether they may depends on their
 * {@link Role} and on where the organisation stands from theirs ({@link Reach}); see
 * {@link Role#may(Action, Reach)} for the whole table.
 */
public enum Action {

	/** See its posts, publications, calendar, channels and inbox. */
	VIEW,

	/** Compose, revise and share posts; save drafts. */
	COMPOSE,

	/**
	 * Put posts on its channels: schedule, reschedule, cancel, retry. Where the
	 * organisation requires approval, an editor submits instead and an approver's
	 * approval schedules.
	 */
	SCHEDULE,

	/** Approve or send back what editors submit. */
	APPROVE,

	/** Take a post shared by an organisation above into one's own organisation. */
	ADOPT,

	/** Connect, reconnect and remove channels. */
	MANAGE_CHANNELS,

	/** Invite members, change roles, reset passwords, remove members. */
	MANAGE_MEMBERS,

	/**
	 * Change its settings (sender line, approval, feed, word lists, webhooks) and create
	 * organisations below it.
	 */
	MANAGE_SETTINGS,

	/** Read its audit log. */
	READ_AUDIT

}
