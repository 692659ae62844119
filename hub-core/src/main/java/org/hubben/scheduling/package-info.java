/**
 * Quartz, the clustered timer: one trigger per publication, fired at its due instant, and
 * a periodic sweep for due deliveries that have no trigger. The only package that imports
 * {@code org.quartz} or blocks.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling", allowedDependencies = "publishing")
package org.hubben.scheduling;
