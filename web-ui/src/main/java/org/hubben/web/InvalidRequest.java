package org.hubben.web;

import java.util.Map;

/**
 * A request whose shape is wrong before any module sees it (an unknown platform, an
 * unparseable time).
 */
class InvalidRequest extends RuntimeException {

	private final Map<String, String> errors;

	InvalidRequest(Map<String, String> errors) {
		super(errors.toString(), null, false, false);
		this.errors = Map.copyOf(errors);
	}

	Map<String, String> errors() {
		return this.errors;
	}

}
