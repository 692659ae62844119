package org.hubben.organisation;

/**
 * A change to a member that would leave an organisation without an administrator, or an
 * administrator removing themselves. The message says which, in words to act on.
 */
public class MemberChangeRefused extends RuntimeException {

	public MemberChangeRefused(String message) {
		super(message, null, false, false);
	}

}
