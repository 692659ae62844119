package org.hubben.content;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** The links each post's facts rest on, in order ({@code post_source}). */
@Component
class PostSources {

	private final DatabaseClient database;

	PostSources(DatabaseClient database) {
		this.database = database;
	}

	/** Records the post's sources in order. Runs in the caller's transaction. */
	Mono<Void> record(UUID postId, List<String> sources) {
		return Flux.range(0, sources.size())
			.concatMap((position) -> this.database
				.sql("insert into post_source (post_id, position, url) values (:post, :position, :url)")
				.bind("post", postId)
				.bind("position", position)
				.bind("url", sources.get(position))
				.fetch()
				.rowsUpdated())
			.then();
	}

	/**
	 * @return the post's sources in order; empty when it has none
	 */
	Mono<List<String>> of(UUID postId) {
		return this.database.sql("select url from post_source where post_id = :post order by position")
			.bind("post", postId)
			.map((row) -> row.get("url", String.class))
			.all()
			.collectList();
	}

}
