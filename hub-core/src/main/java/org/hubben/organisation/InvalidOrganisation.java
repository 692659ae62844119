package org.hubben.organisation;

import java.util.Map;

/**
 * An organisation was not created: {@link #errors()} says what is wrong with each field,
 * in words for the person who typed it.
 */
public class InvalidOrganisation extends RuntimeException {

	private final Map<String, String> errors;

	InvalidOrganisation(Map<String, String> errors) {
		super("The organisation is not valid: " + String.join("; ", errors.values()), null, false, false);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return the message for each field that is wrong, keyed by field name
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
