package org.hubben.approval;

import java.util.Map;

/** A step of approval asked with bad input; a reason per field. */
public class InvalidSubmission extends RuntimeException {

	private final Map<String, String> errors;

	public InvalidSubmission(Map<String, String> errors) {
		super(String.join("; ", errors.values()), null, false, false);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return the reason for each field that is wrong, keyed by field name
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
