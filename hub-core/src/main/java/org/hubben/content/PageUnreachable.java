package org.hubben.content;

/**
 * A link Hubben may fetch whose page it could not read: no answer, an error status, too
 * many redirects, or a redirect to an address it does not fetch. The message completes
 * "Hubben could not read the page: ...".
 */
class PageUnreachable extends RuntimeException {

	PageUnreachable(String reason) {
		super(reason, null, false, false);
	}

}
