package org.hubben.inbox;

import java.util.Map;

/** The word lists were not saved: {@link #errors()} says why, by language code. */
public class InvalidWords extends RuntimeException {

	private final Map<String, String> errors;

	InvalidWords(Map<String, String> errors) {
		super("The word lists are not valid: " + String.join("; ", errors.values()));
		this.errors = Map.copyOf(errors);
	}

	public Map<String, String> errors() {
		return this.errors;
	}

}
