package org.hubben.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.hubben.connector.RemoteComment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The inbox's tables: comments, poll cursors, channels' poll state and erasure marks.
 * Every write is one statement, or an update followed by an insert that tolerates another
 * node's insert of the same row, so two nodes storing the same comment store it once.
 * Non-blocking.
 */
class InboxStore {

	private final R2dbcEntityTemplate template;

	private final DatabaseClient database;

	InboxStore(R2dbcEntityTemplate template) {
		this.template = template;
		this.database = template.getDatabaseClient();
	}

	/**
	 * Stores a comment read from the platform, or brings the stored one up to date (its
	 * text, name, hidden state and flag). A parent the platform does not name (Flickr's
	 * flat comments) keeps the one Hubben knows.
	 * @return whether the comment is new to Hubben
	 */
	Mono<Boolean> store(RemoteComment remote, Comment.Target target, boolean mention, List<String> matched,
			Instant now) {
		return update(remote, target, matched, now).flatMap((updated) -> (updated > 0) ? Mono.just(false)
				: this.template.insert(Comment.of(remote, target, mention, matched, now, null))
					.thenReturn(true)
					.onErrorResume(DataIntegrityViolationException.class,
							(ex) -> update(remote, target, matched, now).thenReturn(false)));
	}

	private Mono<Long> update(RemoteComment remote, Comment.Target target, List<String> matched, Instant now) {
		DatabaseClient.GenericExecuteSpec spec = this.database
			.sql("update inbox_comment set author_name = :name, "
					+ "body = :body, hidden = (:hidden or moderated_at is not null), "
					+ "parent_remote_id = coalesce(:parent, parent_remote_id), flagged = :flagged, "
					+ "matched_words = :words, fetched_at = :now where channel_id = :channel and remote_id = :remote")
			.bind("name", Comment.fit(remote.authorName(), Comment.NAME_LIMIT))
			.bind("body", Comment.fit(remote.text(), 20000))
			.bind("hidden", remote.hidden())
			.bind("flagged", !matched.isEmpty() && !remote.byChannel())
			.bind("now", now)
			.bind("channel", target.channelId())
			.bind("remote", remote.id());
		spec = nullable(spec, "parent", remote.parentId(), String.class);
		spec = nullable(spec, "words", remote.byChannel() ? null : Comment.matchedWords(matched), String.class);
		return spec.fetch().rowsUpdated();
	}

	/** Stores the organisation's reply, written from Hubben by {@code repliedBy}. */
	Mono<Comment> storeReply(RemoteComment reply, Comment answered, String repliedBy, Instant now) {
		RemoteComment threaded = (reply.parentId() != null) ? reply
				: new RemoteComment(reply.id(), reply.postId(), answered.remoteId(), reply.authorId(),
						reply.authorName(), reply.text(), reply.createdAt(), reply.hidden(), true);
		Comment.Target target = new Comment.Target(answered.organisationId(), answered.channelId(), answered.platform(),
				answered.postId(), answered.deliveryId());
		Comment comment = Comment.of(threaded, target, answered.mention(), List.of(), now, repliedBy);
		return this.template.insert(comment)
			.onErrorResume(DataIntegrityViolationException.class,
					// A poll stored it a moment ago: it is the same reply, now with who
					// wrote it.
					(ex) -> this.database
						.sql("update inbox_comment set replied_by = :member, parent_remote_id = :parent "
								+ "where channel_id = :channel and remote_id = :remote")
						.bind("member", repliedBy)
						.bind("parent", threaded.parentId())
						.bind("channel", answered.channelId())
						.bind("remote", reply.id())
						.fetch()
						.rowsUpdated()
						.then(find(answered.channelId(), reply.id())));
	}

	Mono<Comment> find(UUID channelId, String remoteId) {
		return this.database.sql("select * from inbox_comment where channel_id = :channel and remote_id = :remote")
			.bind("channel", channelId)
			.bind("remote", remoteId)
			.map((row, metadata) -> this.template.getConverter().read(Comment.class, row, metadata))
			.one();
	}

	Mono<Comment> find(UUID id) {
		return this.template.select(Comment.class)
			.matching(org.springframework.data.relational.core.query.Query
				.query(org.springframework.data.relational.core.query.Criteria.where("id").is(id)))
			.one();
	}

	/** The organisation's comments, newest first, at most {@code limit}. */
	Flux<Comment> ofOrganisation(UUID organisationId, int limit) {
		return this.database
			.sql("select * from inbox_comment where organisation_id = :organisation "
					+ "order by created_at desc, id limit :limit")
			.bind("organisation", organisationId)
			.bind("limit", limit)
			.map((row, metadata) -> this.template.getConverter().read(Comment.class, row, metadata))
			.all();
	}

	Mono<Long> countNeedingModeration(UUID organisationId) {
		return this.database
			.sql("select count(*) as flagged from inbox_comment where organisation_id = :organisation "
					+ "and flagged = true and hidden = false and deleted = false and by_channel = false")
			.bind("organisation", organisationId)
			.map((row, metadata) -> row.get("flagged", Long.class))
			.one();
	}

	Mono<Long> markModerated(UUID id, boolean deleted, String member, Instant now) {
		return this.database
			.sql("update inbox_comment set " + (deleted ? "deleted = true" : "hidden = true")
					+ ", moderated_by = :member, moderated_at = :now where id = :id")
			.bind("member", member)
			.bind("now", now)
			.bind("id", id)
			.fetch()
			.rowsUpdated();
	}

	Mono<Long> reflag(UUID id, List<String> matched) {
		DatabaseClient.GenericExecuteSpec spec = this.database
			.sql("update inbox_comment set flagged = :flagged, matched_words = :words where id = :id")
			.bind("flagged", !matched.isEmpty())
			.bind("id", id);
		return nullable(spec, "words", Comment.matchedWords(matched), String.class).fetch().rowsUpdated();
	}

	/** Deletes every comment written before {@code before}. */
	Mono<Long> deleteWrittenBefore(Instant before) {
		return this.database.sql("delete from inbox_comment where created_at < :before")
			.bind("before", before)
			.fetch()
			.rowsUpdated();
	}

	Mono<Long> delete(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.just(0L);
		}
		return this.database.sql("delete from inbox_comment where id in (:ids)")
			.bind("ids", List.copyOf(ids))
			.fetch()
			.rowsUpdated();
	}

	// Cursors and channel state

	Mono<java.util.Map<UUID, Cursor>> cursors() {
		return this.database.sql("select delivery_id, seen_until, gone from inbox_cursor")
			.map((row, metadata) -> new Cursor(row.get("delivery_id", UUID.class), row.get("seen_until", Instant.class),
					Boolean.TRUE.equals(row.get("gone", Boolean.class))))
			.all()
			.collectMap(Cursor::deliveryId);
	}

	Mono<Void> saveCursor(UUID deliveryId, Instant seenUntil, Instant polledAt, String error, boolean gone) {
		DatabaseClient.GenericExecuteSpec update = this.database
			.sql("update inbox_cursor set seen_until = coalesce(:seen, seen_until), polled_at = :polled, "
					+ "error = :error, gone = :gone where delivery_id = :delivery")
			.bind("polled", polledAt)
			.bind("gone", gone)
			.bind("delivery", deliveryId);
		update = nullable(nullable(update, "seen", seenUntil, Instant.class), "error", error, String.class);
		DatabaseClient.GenericExecuteSpec insert = this.database
			.sql("insert into inbox_cursor (delivery_id, seen_until, polled_at, error, gone) "
					+ "values (:delivery, :seen, :polled, :error, :gone)")
			.bind("polled", polledAt)
			.bind("gone", gone)
			.bind("delivery", deliveryId);
		insert = nullable(nullable(insert, "seen", seenUntil, Instant.class), "error", error, String.class);
		return upsert(update, insert);
	}

	Mono<java.util.Map<UUID, ChannelState>> channelStates() {
		return this.database
			.sql("select channel_id, mentions_seen_until, held_until, polled_at, error from inbox_channel")
			.map((row, metadata) -> new ChannelState(row.get("channel_id", UUID.class),
					row.get("mentions_seen_until", Instant.class), row.get("held_until", Instant.class),
					row.get("polled_at", Instant.class), row.get("error", String.class)))
			.all()
			.collectMap(ChannelState::channelId);
	}

	Mono<Void> saveChannel(UUID channelId, Instant mentionsSeenUntil, Instant polledAt, Instant heldUntil,
			String error) {
		DatabaseClient.GenericExecuteSpec update = this.database
			.sql("update inbox_channel set mentions_seen_until = coalesce(:seen, mentions_seen_until), "
					+ "polled_at = coalesce(:polled, polled_at), held_until = :held, error = :error "
					+ "where channel_id = :channel")
			.bind("channel", channelId);
		update = nullable(nullable(
				nullable(nullable(update, "seen", mentionsSeenUntil, Instant.class), "polled", polledAt, Instant.class),
				"held", heldUntil, Instant.class), "error", error, String.class);
		DatabaseClient.GenericExecuteSpec insert = this.database
			.sql("insert into inbox_channel (channel_id, mentions_seen_until, polled_at, held_until, error) "
					+ "values (:channel, :seen, :polled, :held, :error)")
			.bind("channel", channelId);
		insert = nullable(nullable(
				nullable(nullable(insert, "seen", mentionsSeenUntil, Instant.class), "polled", polledAt, Instant.class),
				"held", heldUntil, Instant.class), "error", error, String.class);
		return upsert(update, insert);
	}

	// Erasure marks

	Mono<Set<String>> erasedOn(UUID channelId) {
		return this.database.sql("select remote_key from inbox_erased where channel_id = :channel")
			.bind("channel", channelId)
			.map((row, metadata) -> row.get("remote_key", String.class))
			.all()
			.collect(java.util.stream.Collectors.toSet());
	}

	Mono<Void> markErased(UUID channelId, String remoteId, Instant now) {
		return this.database
			.sql("insert into inbox_erased (channel_id, remote_key, erased_at) select :channel, :key, :now "
					+ "where not exists (select 1 from inbox_erased where channel_id = :channel and remote_key = :key)")
			.bind("channel", channelId)
			.bind("key", erasureKey(remoteId))
			.bind("now", now)
			.fetch()
			.rowsUpdated()
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.just(0L))
			.then();
	}

	Mono<Long> forgetErasuresBefore(Instant before) {
		return this.database.sql("delete from inbox_erased where erased_at < :before")
			.bind("before", before)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * @return the hex SHA-256 of a comment's platform id: enough to recognise it again,
	 * nothing to read
	 */
	static String erasureKey(String remoteId) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(remoteId.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Mono<Void> upsert(DatabaseClient.GenericExecuteSpec update, DatabaseClient.GenericExecuteSpec insert) {
		return update.fetch()
			.rowsUpdated()
			.flatMap((updated) -> (updated > 0) ? Mono.<Long>empty()
					: insert.fetch()
						.rowsUpdated()
						.onErrorResume(DataIntegrityViolationException.class, (ex) -> update.fetch().rowsUpdated()))
			.then();
	}

	static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name, Object value,
			Class<?> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	/** Where the poll of one delivery's comments left off. */
	record Cursor(UUID deliveryId, Instant seenUntil, boolean gone) {

	}

	/** One channel's poll state. */
	record ChannelState(UUID channelId, Instant mentionsSeenUntil, Instant heldUntil, Instant polledAt, String error) {

	}

}
