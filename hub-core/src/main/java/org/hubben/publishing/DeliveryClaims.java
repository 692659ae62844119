package org.hubben.publishing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Claims every claimable delivery of a publication in one update. Non-blocking.
 *
 * <p>
 * The update carries the same conditions as every claim: a delivery is claimed only while
 * it is pending or retrying and its time has come, so cancellation is checked in the same
 * statement, and of two callers racing for the same delivery (two nodes, or a trigger and
 * the sweep) exactly one updates its row. On PostgreSQL the update returns the rows it
 * claimed ({@code returning}). On H2 the rows are read back by the claim's node and
 * instant, which no other claim shares: H2's data change delta table
 * ({@code select ... from final table (update ...)}) does not check the conditions again
 * for a row that a concurrent claim changed while it waited for it, and so would claim a
 * delivery twice.
 */
@Component
class DeliveryClaims {

	private static final String CLAIM = "update delivery set state = 'SENDING', attempts = attempts + 1, "
			+ "claimed_at = :now, claimed_by = :node where publication_id = :publicationId "
			+ "and state in ('PENDING', 'RETRYING') and next_attempt_at <= :due";

	private static final String CLAIMED = "select * from delivery where publication_id = :publicationId "
			+ "and state = 'SENDING' and claimed_by = :node and claimed_at = :now";

	private final R2dbcEntityTemplate template;

	private final boolean returning;

	/**
	 * The instant of this node's latest claim, so that no two of its claims share one.
	 */
	private final AtomicReference<Instant> latest = new AtomicReference<>(Instant.EPOCH);

	DeliveryClaims(R2dbcEntityTemplate template) {
		this.template = template;
		this.returning = !template.getDatabaseClient()
			.getConnectionFactory()
			.getMetadata()
			.getName()
			.toLowerCase(Locale.ROOT)
			.contains("h2");
	}

	/**
	 * @param now when the claim is made: deliveries due by then are claimed; the claim's
	 * instant is this to the microsecond, or a microsecond after this node's previous
	 * claim when that was not earlier
	 * @param node the Quartz instance id of this node
	 * @return the deliveries this call claimed, as the claim left them (state
	 * {@link DeliveryState#SENDING}, {@code attempts} counting this claim,
	 * {@code claimedAt} the claim's instant); none when none was claimable and due, or
	 * another caller claimed them
	 */
	Flux<Delivery> claimDue(UUID publicationId, Instant now, String node) {
		Instant due = now.truncatedTo(ChronoUnit.MICROS);
		Instant at = this.latest
			.updateAndGet((previous) -> due.isAfter(previous) ? due : previous.plus(1, ChronoUnit.MICROS));
		DatabaseClient database = this.template.getDatabaseClient();
		if (this.returning) {
			return rows(database.sql(CLAIM + " returning *").bind("due", due), publicationId, at, node);
		}
		return database.sql(CLAIM)
			.bind("due", due)
			.bind("publicationId", publicationId)
			.bind("now", at)
			.bind("node", node)
			.fetch()
			.rowsUpdated()
			.flatMapMany(
					(claimed) -> (claimed > 0) ? rows(database.sql(CLAIMED), publicationId, at, node) : Flux.empty());
	}

	private Flux<Delivery> rows(DatabaseClient.GenericExecuteSpec statement, UUID publicationId, Instant at,
			String node) {
		return statement.bind("publicationId", publicationId)
			.bind("now", at)
			.bind("node", node)
			.map((row, metadata) -> this.template.getConverter().read(Delivery.class, row, metadata))
			.all();
	}

}
