package org.hubben.sharing;

import java.util.Map;

/** A tips text that cannot be saved; {@link #errors()} says why, per field. */
public class InvalidTips extends RuntimeException {

	private final Map<String, String> errors;

	public InvalidTips(Map<String, String> errors) {
		super("The tips are not valid: " + errors);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return a message a person understands, by field name ({@code sv}, {@code en})
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
