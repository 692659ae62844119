package org.hubben.webhook;

import java.util.Map;

/** A webhook endpoint that cannot be saved; the messages say why, by field. */
public class InvalidWebhook extends RuntimeException {

	private final Map<String, String> errors;

	InvalidWebhook(Map<String, String> errors) {
		super(String.join("; ", errors.values()), null, false, false);
		this.errors = Map.copyOf(errors);
	}

	/**
	 * @return a message per field: {@code url}, {@code events}
	 */
	public Map<String, String> errors() {
		return this.errors;
	}

}
