package org.hubben.organisation;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a username and a password must be; the pages show the same rules beside the
 * fields.
 */
public final class MemberRules {

	/** 3 to 100 of lowercase letters, digits, dot, underscore and hyphen. */
	public static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,100}");

	public static final int PASSWORD_MIN = 12;

	/** bcrypt reads no more than 72 bytes; longer is refused rather than cut silently. */
	public static final int PASSWORD_MAX = 72;

	private MemberRules() {
	}

	static void checkUsername(String username, Map<String, String> errors) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			errors.put("username",
					"A username has 3 to 100 characters: lowercase letters a-z, digits, dot, underscore or hyphen");
		}
	}

	static void checkPassword(String password, Map<String, String> errors) {
		if (password == null || password.length() < PASSWORD_MIN) {
			errors.put("password", "A password has at least " + PASSWORD_MIN + " characters");
		}
		else if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PASSWORD_MAX) {
			errors.put("password", "A password has at most " + PASSWORD_MAX + " bytes");
		}
	}

	/**
	 * @return the role named, in any case; an {@link InvalidMemberInput} for the field
	 * {@code role} when it names none
	 */
	public static Role role(String name) {
		if (name != null) {
			for (Role role : Role.values()) {
				if (role.name().equals(name.strip().toUpperCase(Locale.ROOT))) {
					return role;
				}
			}
		}
		throw new InvalidMemberInput(Map.of("role", "Choose a role: admin, editor, approver or viewer"));
	}

}
