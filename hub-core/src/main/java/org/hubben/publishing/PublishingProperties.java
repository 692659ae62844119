package org.hubben.publishing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.publishing.*}: how hard Hubben tries, and for how long.
 *
 * @param lateAfter a delivery that could not be sent within this time after it was due
 * fails as having missed its time, unless its publication asked to send late posts anyway
 * @param maxAttempts how many times a delivery is sent in all while the platform is
 * unavailable, before it fails
 * @param firstRetry the wait before the first retry; each next one waits twice as long,
 * with random jitter of up to a half
 * @param maxRetry the longest wait between two retries
 * @param longestRateLimitWait a rate limit that asks Hubben to wait longer than this
 * fails the delivery instead, with the time the platform named
 * @param firstLookup how long after an unknown outcome the platform is first asked
 * whether it has the post, so that a post it is still storing is found
 * @param lookupEvery the wait between two lookups that could not tell
 * @param maxLookups how many lookups that could not tell before the delivery stays
 * unknown for a person to check
 * @param orphanAfter a delivery claimed by a node that stopped checking in is taken over
 * once its claim is this old; longer than any single request to a platform, so a live
 * node that briefly lost the database is not overtaken mid-request
 */
@ConfigurationProperties("hubben.publishing")
public record PublishingProperties(@DefaultValue("15m") Duration lateAfter, @DefaultValue("5") int maxAttempts,
		@DefaultValue("30s") Duration firstRetry, @DefaultValue("30m") Duration maxRetry,
		@DefaultValue("36h") Duration longestRateLimitWait, @DefaultValue("30s") Duration firstLookup,
		@DefaultValue("2m") Duration lookupEvery, @DefaultValue("30") int maxLookups,
		@DefaultValue("2m") Duration orphanAfter, @DefaultValue("64") int sendsInFlight) {

}
