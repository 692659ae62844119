package org.hubben.webhook;

/** Only an organisation's administrators manage its webhooks. */
public class WebhookForbidden extends RuntimeException {

	WebhookForbidden() {
		super("Only an administrator of your organisation manages its webhooks", null, false, false);
	}

}
