package org.hubben.webhook;

import java.util.UUID;

/** No such webhook endpoint in the member's organisation. */
public class WebhookNotFound extends RuntimeException {

	WebhookNotFound(UUID id) {
		super("There is no webhook endpoint " + id, null, false, false);
	}

}
