/**
 * Quartz, the clustered timer: one trigger per publication, fired at its due instant, a
 * periodic sweep for due deliveries that have no trigger, and the periodic refresh of
 * channel tokens. The only package that imports {@code org.quartz} or blocks.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling",
		allowedDependencies = { "publishing", "organisation" })
package org.hubben.scheduling;
