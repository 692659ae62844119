package org.hubben.organisation;

/**
 * An invitation just created, with its token: the only time the token exists outside the
 * link given to the invitee.
 */
public record IssuedInvitation(Invitation invitation, String token) {

	@Override
	public String toString() {
		return "IssuedInvitation[" + this.invitation + "]";
	}

}
