package org.hubben.organisation;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a member may do. A member acts in their own organisation; central roles also see,
 * staff and audit the organisations below (issue 6: the centre shares and supports, it
 * does not control), and anyone who composes may adopt what an organisation above shares.
 * Nobody publishes on another organisation's channels, whatever their role.
 */
public enum Role {

	/** Everything in their own organisation; members, settings and audit below it. */
	ADMIN(EnumSet.allOf(Action.class)),

	/**
	 * Composes, adopts and schedules posts (submits them, where approval is required).
	 */
	EDITOR(EnumSet.of(Action.VIEW, Action.COMPOSE, Action.SCHEDULE, Action.ADOPT)),

	/** Approves or sends back what editors submit. */
	APPROVER(EnumSet.of(Action.VIEW, Action.APPROVE)),

	/** Reads only. */
	VIEWER(EnumSet.of(Action.VIEW));

	/** What a role that may do it in its own organisation may also do below it. */
	private static final Set<Action> BELOW = EnumSet.of(Action.VIEW, Action.MANAGE_MEMBERS, Action.MANAGE_SETTINGS,
			Action.READ_AUDIT);

	/** What a role that may do it in its own organisation may also do above it. */
	private static final Set<Action> ABOVE = EnumSet.of(Action.ADOPT);

	private final Set<Action> own;

	Role(Set<Action> own) {
		this.own = own;
	}

	/**
	 * The whole authorisation table.
	 * @param action what the member asks to do
	 * @param reach where the organisation they ask it in stands from theirs
	 * @return whether a member with this role may
	 */
	public boolean may(Action action, Reach reach) {
		if (!this.own.contains(action)) {
			return false;
		}
		return switch (reach) {
			case OWN -> true;
			case BELOW -> BELOW.contains(action);
			case ABOVE -> ABOVE.contains(action);
			case ELSEWHERE -> false;
		};
	}

}
