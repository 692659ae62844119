package org.hubben.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.webhooks.*}: where Hubben may POST events, and how hard it tries.
 *
 * @param allowedHosts hosts on a private network Hubben may POST to anyway: {@code host}
 * for ports 80 and 443, {@code host:port} for that port (as
 * {@code hubben.link-preview.allowed-hosts}); empty by default, so every address is
 * checked
 * @param timeout how long one call may take, connecting included
 * @param maxAttempts how many times a call is POSTed in all before it fails
 * @param firstRetry the wait before the first retry; each next one waits twice as long,
 * with random jitter of up to a half
 * @param maxRetry the longest wait between two attempts
 * @param pollInterval how often each node looks for calls that are due
 * @param orphanAfter a call claimed this long ago and not finished (its node stopped) is
 * sent again; longer than {@code timeout}
 */
@ConfigurationProperties("hubben.webhooks")
public record WebhookProperties(@DefaultValue List<String> allowedHosts, @DefaultValue("10s") Duration timeout,
		@DefaultValue("8") int maxAttempts, @DefaultValue("10s") Duration firstRetry,
		@DefaultValue("1h") Duration maxRetry, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("2m") Duration orphanAfter) {

	public WebhookProperties {
		allowedHosts = (allowedHosts != null) ? List.copyOf(allowedHosts) : List.of();
	}

}
