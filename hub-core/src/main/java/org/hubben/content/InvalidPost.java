package org.hubben.content;

import java.util.Map;

/** A draft that cannot become a post; {@link #errors()} says why, per field. */
public class InvalidPost extends RuntimeException {

	private final Map<String, String> errors;

	public InvalidPost(Map<String, String> errors) {
		super("The post is not valid: " + errors);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return a message a person understands, by field name ({@code title},
	 * {@code variants.x.text}, ...)
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
