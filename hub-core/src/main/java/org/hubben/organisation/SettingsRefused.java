package org.hubben.organisation;

/**
 * An organisation's setting was not changed: {@link #field()} says which, the message
 * why, in words for the person who tried.
 */
public class SettingsRefused extends RuntimeException {

	private final String field;

	SettingsRefused(String field, String reason) {
		super(reason, null, false, false);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
