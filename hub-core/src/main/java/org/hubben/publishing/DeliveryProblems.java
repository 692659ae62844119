package org.hubben.publishing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import reactor.core.publisher.Flux;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * What in an organisation's publishing needs a person: deliveries that failed or whose
 * outcome is unknown, and channels a platform's rate limit holds back. Non-blocking.
 */
@Service
public class DeliveryProblems {

	private final DatabaseClient database;

	private final Channels channels;

	DeliveryProblems(DatabaseClient database, Channels channels) {
		this.database = database;
		this.channels = channels;
	}

	/**
	 * @param organisationId the organisation whose channels they went to
	 * @param since how far back
	 * @param limit at most this many
	 * @return the deliveries that are failed or unknown now and finished (or were last
	 * claimed, or were due) since then, latest first
	 */
	public Flux<Problem> failedOrUnknownSince(UUID organisationId, Instant since, int limit) {
		return this.database
			.sql("select d.id, d.publication_id, d.channel_id, d.platform, d.state, d.error, "
					+ "coalesce(d.finished_at, d.claimed_at, d.due_at) as happened_at, p.title, c.name as channel_name "
					+ "from delivery d join channel c on c.id = d.channel_id "
					+ "join publication pub on pub.id = d.publication_id join post p on p.id = pub.post_id "
					+ "where c.organisation_id = :organisation and d.state in ('FAILED', 'UNKNOWN') "
					+ "and coalesce(d.finished_at, d.claimed_at, d.due_at) >= :since "
					+ "order by happened_at desc limit :limit")
			.bind("organisation", organisationId)
			.bind("since", since)
			.bind("limit", limit)
			.map((row) -> new Problem(row.get("id", UUID.class), row.get("publication_id", UUID.class),
					row.get("title", String.class), row.get("channel_id", UUID.class),
					row.get("channel_name", String.class), Platform.valueOf(row.get("platform", String.class)),
					DeliveryState.valueOf(row.get("state", String.class)), row.get("error", String.class),
					row.get("happened_at", Instant.class)))
			.all();
	}

	/**
	 * @param organisationId the organisation
	 * @param now the instant
	 * @return the organisation's channels that a rate limit holds back at {@code now}
	 * (their own or their platform's app-wide one, whichever lasts longer), in the
	 * channels' order
	 */
	public Flux<Hold> heldChannels(UUID organisationId, Instant now) {
		return this.database.sql("select platform, scope_key, until_at, reason from rate_limit where until_at > :now")
			.bind("now", now)
			.map((row) -> new Limit(row.get("platform", String.class), row.get("scope_key", String.class),
					row.get("until_at", Instant.class), row.get("reason", String.class)))
			.all()
			.collectList()
			.flatMapMany((limits) -> limits.isEmpty() ? Flux.empty()
					: this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(organisationId)
						.flatMapIterable((channel) -> holdOn(channel, limits).stream().toList()));
	}

	private static Optional<Hold> holdOn(Channel channel, List<Limit> limits) {
		String channelKey = channel.id().toString();
		return limits.stream()
			.filter((limit) -> limit.platform().equals(channel.platform().name()))
			.filter((limit) -> limit.scopeKey().equals(channelKey) || limit.scopeKey().equals(RateLimits.APP))
			.max(Comparator.comparing(Limit::until))
			.map((limit) -> new Hold(channel.id(), channel.name(), channel.platform(), limit.until(), limit.reason(),
					limit.scopeKey().equals(RateLimits.APP)));
	}

	/**
	 * A delivery that failed, or whose outcome is unknown.
	 *
	 * @param deliveryId the delivery
	 * @param publicationId its publication
	 * @param postTitle the title of the post it carries
	 * @param channelId its channel
	 * @param channel the channel's name
	 * @param platform the channel's platform
	 * @param state {@link DeliveryState#FAILED} or {@link DeliveryState#UNKNOWN}
	 * @param reason why, in words a person can act on
	 * @param at when it finished, or was last claimed
	 */
	public record Problem(UUID deliveryId, UUID publicationId, String postTitle, UUID channelId, String channel,
			Platform platform, DeliveryState state, String reason, Instant at) {

	}

	/**
	 * A channel a rate limit holds back.
	 *
	 * @param channelId the channel
	 * @param channel its name
	 * @param platform its platform
	 * @param until when the platform lets Hubben call again
	 * @param reason what the platform said
	 * @param appWide whether the limit is on Hubben's whole app on the platform rather
	 * than on this channel
	 */
	public record Hold(UUID channelId, String channel, Platform platform, Instant until, String reason,
			boolean appWide) {

	}

	private record Limit(String platform, String scopeKey, Instant until, String reason) {

	}

}
