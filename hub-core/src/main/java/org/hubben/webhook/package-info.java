/**
 * Outbound webhooks: each organisation's endpoints with their signing secrets, and an
 * outbox of signed calls for post and delivery events, sent and retried by any node.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhooks",
		allowedDependencies = { "content", "publishing", "organisation", "connector" })
package org.hubben.webhook;
