package org.hubben.inbox;

import java.time.Clock;

import org.hubben.connector.Connectors;
import org.hubben.content.Posts;
import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Organisations;
import org.hubben.organisation.TokenRefresher;
import org.hubben.publishing.PublishedPosts;
import org.hubben.publishing.RateLimits;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;

/** The inbox: {@code hubben.inbox.*}, its store, poller and privacy duties. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InboxProperties.class)
class InboxConfiguration {

	@Bean
	InboxStore inboxStore(R2dbcEntityTemplate template) {
		return new InboxStore(template);
	}

	@Bean
	WordLists wordLists(R2dbcEntityTemplate template, InboxStore inboxStore, Clock clock) {
		return new WordLists(template.getDatabaseClient(), inboxStore, clock);
	}

	@Bean
	InboxPoller inboxPoller(PublishedPosts publishedPosts, Channels channels, TokenRefresher tokenRefresher,
			Connectors connectors, RateLimits rateLimits, InboxStore inboxStore, WordLists wordLists,
			InboxProperties properties, Clock clock) {
		return new InboxPoller(publishedPosts, channels, tokenRefresher, connectors, rateLimits, inboxStore, wordLists,
				properties, clock);
	}

	@Bean
	Inbox inbox(InboxStore inboxStore, R2dbcEntityTemplate template, Channels channels, Posts posts,
			Connectors connectors, TokenRefresher tokenRefresher, Clock clock) {
		return new Inbox(inboxStore, template.getDatabaseClient(), channels, posts, connectors, tokenRefresher, clock);
	}

	@Bean
	InboxRetention inboxRetention(InboxStore inboxStore, InboxProperties properties, Clock clock) {
		return new InboxRetention(inboxStore, properties, clock);
	}

	@Bean
	PersonErasure personErasure(InboxStore inboxStore, Channels channels, Clock clock) {
		return new PersonErasure(inboxStore, channels, clock);
	}

	@Bean
	MemberExport memberExport(Organisations organisations, Posts posts, PublishedPosts publishedPosts,
			ApiTokenIssuer apiTokenIssuer, Channels channels, R2dbcEntityTemplate template, Clock clock) {
		return new MemberExport(organisations, posts, publishedPosts, apiTokenIssuer, channels, template, clock);
	}

}
