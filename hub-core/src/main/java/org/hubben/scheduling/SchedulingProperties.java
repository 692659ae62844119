package org.hubben.scheduling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.scheduling.*}.
 *
 * @param sweepInterval how often the sweep looks for due deliveries that no trigger fired
 * @param sweepGrace how long a pending delivery may be overdue before the sweep takes it,
 * so that it does not race the trigger that is about to fire it
 * @param tokenRefreshInterval how often channel tokens that expire within 15 minutes are
 * refreshed; well under 15 minutes, so that each is renewed before it expires
 * @param reconcileInterval how often deliveries left by stopped nodes are taken over and
 * unknown outcomes are looked up
 */
@ConfigurationProperties("hubben.scheduling")
public record SchedulingProperties(@DefaultValue("30s") Duration sweepInterval,
		@DefaultValue("20s") Duration sweepGrace, @DefaultValue("5m") Duration tokenRefreshInterval,
		@DefaultValue("15s") Duration reconcileInterval) {

}
