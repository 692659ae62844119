package org.hubben.webhook;

import java.time.Clock;

import org.hubben.content.GuardedHttp;
import org.hubben.organisation.Channels;
import org.hubben.organisation.CredentialCipher;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;

/**
 * Outbound webhooks: {@code hubben.webhooks.*}, the outbox, its sender and its poller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

	@Bean
	WebhookPayloads webhookPayloads(JsonMapper json) {
		return new WebhookPayloads(json);
	}

	@Bean
	GuardedHttp webhookHttp(WebhookProperties properties) {
		return GuardedHttp.allowing(properties.allowedHosts(), properties.timeout());
	}

	@Bean
	WebhookRegistrar webhookRegistrar(WebhookEndpoints endpoints, WebhookCalls calls, R2dbcEntityTemplate template,
			CredentialCipher cipher, GuardedHttp webhookHttp, WebhookPayloads payloads, Clock clock) {
		return new WebhookRegistrar(endpoints, calls, template, cipher, webhookHttp, payloads, clock);
	}

	@Bean
	WebhookOutbox webhookOutbox(WebhookEndpoints endpoints, Channels channels, R2dbcEntityTemplate template,
			WebhookPayloads payloads) {
		return new WebhookOutbox(endpoints, channels, template, payloads);
	}

	@Bean
	WebhookSender webhookSender(WebhookCalls calls, WebhookEndpoints endpoints, CredentialCipher cipher,
			GuardedHttp webhookHttp, WebhookProperties properties, Clock clock) {
		return new WebhookSender(calls, endpoints, cipher, webhookHttp, properties, clock);
	}

	@Bean
	WebhookPoller webhookPoller(WebhookSender sender, WebhookProperties properties) {
		return new WebhookPoller(sender, properties);
	}

}
