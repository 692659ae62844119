/**
 * Quartz, the clustered timer: one trigger per publication, fired at its due instant, a
 * periodic sweep for due deliveries that have no trigger, the periodic refresh of channel
 * tokens, the polling of home-site feeds, and the inbox's poll and retention sweep. The
 * only package that imports {@code org.quartz} or blocks.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling",
		allowedDependencies = { "publishing", "organisation", "content", "inbox" })
package org.hubben.scheduling;
