package org.hubben.organisation;

import java.util.Map;

/** A token that cannot be issued as asked; {@link #errors()} says why, per field. */
public class InvalidApiToken extends RuntimeException {

	private final Map<String, String> errors;

	public InvalidApiToken(Map<String, String> errors) {
		super("The API token cannot be issued: " + errors);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return a message a person understands, by field name ({@code name},
	 * {@code expiresAt})
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
