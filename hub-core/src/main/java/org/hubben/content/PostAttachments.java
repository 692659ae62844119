package org.hubben.content;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hubben.media.MediaFile;
import org.hubben.media.MediaStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Which media each post carries, in order ({@code post_media}). */
@Component
class PostAttachments {

	private final DatabaseClient database;

	private final MediaStore mediaStore;

	PostAttachments(DatabaseClient database, MediaStore mediaStore) {
		this.database = database;
		this.mediaStore = mediaStore;
	}

	/**
	 * Records that the post carries the media, in the given order. Runs in the caller's
	 * transaction.
	 */
	Mono<Void> attach(UUID postId, List<UUID> mediaIds) {
		return Flux.range(0, mediaIds.size())
			.concatMap((position) -> this.database
				.sql("insert into post_media (post_id, media_id, position) values (:post, :media, :position)")
				.bind("post", postId)
				.bind("media", mediaIds.get(position))
				.bind("position", position)
				.fetch()
				.rowsUpdated())
			.then();
	}

	/**
	 * @return the media the post carries, in order; empty when it carries none
	 */
	Mono<List<MediaFile>> of(UUID postId) {
		return this.database.sql("select media_id from post_media where post_id = :post order by position")
			.bind("post", postId)
			.map((row) -> row.get("media_id", UUID.class))
			.all()
			.collectList()
			.flatMap(this::inOrder);
	}

	/**
	 * @return the media with the identifiers, in their order, leaving out those that do
	 * not exist
	 */
	Mono<List<MediaFile>> inOrder(List<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.just(List.of());
		}
		return this.mediaStore.findAll(ids)
			.collect(Collectors.toMap(MediaFile::id, Function.identity()))
			.map((byId) -> ids.stream().map(byId::get).filter((media) -> media != null).toList());
	}

}
