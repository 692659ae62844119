package org.hubben.organisation;

/**
 * A password-reset link just created, with its token: the only time the token exists
 * outside the link given to the member.
 */
public record IssuedPasswordReset(PasswordReset reset, String token) {

	@Override
	public String toString() {
		return "IssuedPasswordReset[" + this.reset + "]";
	}

}
