/**
 * Publications (a post due on some channels at an instant) and their deliveries, one per
 * channel: atomic claims, fan-out to the connectors in parallel, and the outcome of each
 * delivery recorded.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Publishing",
		allowedDependencies = { "content", "connector", "organisation", "media", "policy" })
package org.hubben.publishing;
