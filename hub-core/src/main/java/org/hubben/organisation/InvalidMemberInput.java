package org.hubben.organisation;

import java.util.Map;

/**
 * Input about a member that cannot be used (a taken or malformed username, a short
 * password, an unknown role), with a message per field.
 */
public class InvalidMemberInput extends RuntimeException {

	private final Map<String, String> errors;

	public InvalidMemberInput(Map<String, String> errors) {
		super(String.join("; ", errors.values()), null, false, false);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return a message per field, keyed by the field's name
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
