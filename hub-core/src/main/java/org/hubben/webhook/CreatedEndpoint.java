package org.hubben.webhook;

/**
 * An endpoint just added, with its signing secret: the only time the secret is shown.
 *
 * @param endpoint the endpoint
 * @param secret the secret receivers check signatures with
 */
public record CreatedEndpoint(WebhookEndpoint endpoint, String secret) {

	@Override
	public String toString() {
		return "CreatedEndpoint[" + this.endpoint + "]";
	}

}
