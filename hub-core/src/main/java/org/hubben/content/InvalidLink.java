package org.hubben.content;

/**
 * A link Hubben will not fetch: it is malformed, not http or https, on a port other than
 * 80 or 443, or its host is or resolves to an address on a private network. The message
 * says which, in words a person can act on.
 */
public class InvalidLink extends RuntimeException {

	public InvalidLink(String message) {
		super(message, null, false, false);
	}

}
