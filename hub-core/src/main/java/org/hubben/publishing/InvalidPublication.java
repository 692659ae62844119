package org.hubben.publishing;

import java.util.Map;

/**
 * A publication request that cannot be scheduled; {@link #errors()} says why, per field.
 */
public class InvalidPublication extends RuntimeException {

	private final Map<String, String> errors;

	public InvalidPublication(Map<String, String> errors) {
		super("The publication is not valid: " + errors);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return a message a person understands, by field name ({@code channelIds},
	 * {@code at}, {@code zone})
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
