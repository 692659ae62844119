package org.hubben.publishing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.content.Post;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * The read side of what went out, for the public pages. A post counts as published once
 * at least one delivery of it is {@link DeliveryState#SENT}: from then on it exists in
 * public on some platform, so its page on the home site may exist too. Every method is
 * non-blocking.
 */
@Service
public class PublishedPosts {

	private final R2dbcEntityTemplate template;

	private final DatabaseClient database;

	PublishedPosts(R2dbcEntityTemplate template) {
		this.template = template;
		this.database = template.getDatabaseClient();
	}

	/**
	 * @param slug a post's slug
	 * @return the post with its sent deliveries; empty when there is no such post or it
	 * has not gone out yet
	 */
	public Mono<PublishedPost> bySlug(String slug) {
		return this.database
			.sql("select pu.post_id as post_id, min(d.finished_at) as published_at from delivery d "
					+ "join publication pu on pu.id = d.publication_id join post p on p.id = pu.post_id "
					+ "where d.state = 'SENT' and p.slug = :slug group by pu.post_id")
			.bind("slug", slug)
			.map((row, metadata) -> new Head(row.get("post_id", UUID.class), row.get("published_at", Instant.class)))
			.all()
			.collectList()
			.flatMapMany(this::withPostsAndDeliveries)
			.next();
	}

	/**
	 * @param postIds some posts
	 * @return whether at least one of them has gone out
	 */
	public Mono<Boolean> anyPublished(Collection<UUID> postIds) {
		if (postIds.isEmpty()) {
			return Mono.just(false);
		}
		return this.database
			.sql("select count(*) as sent from delivery d join publication pu on pu.id = d.publication_id "
					+ "where d.state = 'SENT' and pu.post_id in (:posts)")
			.bind("posts", List.copyOf(postIds))
			.map((row, metadata) -> row.get("sent", Long.class))
			.one()
			.map((sent) -> sent > 0);
	}

	/**
	 * The latest published posts of some organisations, newest first.
	 * @param organisationIds the organisations whose posts are wanted, not empty
	 * @param sharedOnly whether only posts shared with the regions and supporters count
	 * @param limit at most this many
	 * @return the posts, newest first by {@link PublishedPost#publishedAt()}
	 */
	public Flux<PublishedPost> latest(Collection<UUID> organisationIds, boolean sharedOnly, int limit) {
		if (organisationIds.isEmpty()) {
			return Flux.empty();
		}
		return this.database
			.sql("select pu.post_id as post_id, min(d.finished_at) as published_at from delivery d "
					+ "join publication pu on pu.id = d.publication_id join post p on p.id = pu.post_id "
					+ "where d.state = 'SENT' and p.organisation_id in (:organisations)"
					+ (sharedOnly ? " and p.shared = true" : "")
					+ " group by pu.post_id order by published_at desc, post_id limit :limit")
			.bind("organisations", List.copyOf(organisationIds))
			.bind("limit", limit)
			.map((row, metadata) -> new Head(row.get("post_id", UUID.class), row.get("published_at", Instant.class)))
			.all()
			.collectList()
			.flatMapMany(this::withPostsAndDeliveries);
	}

	/**
	 * The deliveries sent at or after an instant, with the platform's id of each post:
	 * what the inbox reads comments on.
	 * @param since the earliest instant a delivery was sent
	 * @return the sent deliveries, oldest first
	 */
	public Flux<SentDelivery> sentSince(Instant since) {
		return this.database.sql(
				"select d.id as delivery_id, pu.post_id as post_id, d.channel_id as channel_id, d.platform as platform, "
						+ "d.remote_id as remote_id, d.finished_at as finished_at from delivery d "
						+ "join publication pu on pu.id = d.publication_id "
						+ "where d.state = 'SENT' and d.remote_id is not null and d.finished_at >= :since "
						+ "order by d.finished_at, d.id")
			.bind("since", since)
			.map((row, metadata) -> new SentDelivery(row.get("delivery_id", UUID.class), row.get("post_id", UUID.class),
					row.get("channel_id", UUID.class), Platform.valueOf(row.get("platform", String.class)),
					row.get("remote_id", String.class), row.get("finished_at", Instant.class)))
			.all();
	}

	/**
	 * @param username a member's username
	 * @return the publications they scheduled, latest first
	 */
	public Flux<Publication> scheduledBy(String username) {
		return this.template.select(Publication.class)
			.matching(org.springframework.data.relational.core.query.Query
				.query(org.springframework.data.relational.core.query.Criteria.where("created_by").is(username))
				.sort(org.springframework.data.domain.Sort.by("created_at").descending()))
			.all();
	}

	/**
	 * A value that changes whenever a delivery is sent, so that a node can tell cheaply
	 * whether what it shows in public may be out of date, without being told by the node
	 * that sent it.
	 * @return the count of sent deliveries and the latest instant one was sent
	 */
	public Mono<String> changeStamp() {
		return this.database
			.sql("select count(*) as sent, max(finished_at) as latest from delivery where state = 'SENT'")
			.map((row, metadata) -> row.get("sent", Long.class) + "@" + row.get("latest", Instant.class))
			.one();
	}

	private Flux<PublishedPost> withPostsAndDeliveries(List<Head> heads) {
		if (heads.isEmpty()) {
			return Flux.empty();
		}
		List<UUID> ids = heads.stream().map(Head::postId).toList();
		Mono<Map<UUID, Post>> posts = this.template.getDatabaseClient()
			.sql("select * from post where id in (:ids)")
			.bind("ids", ids)
			.map((row, metadata) -> this.template.getConverter().read(Post.class, row, metadata))
			.all()
			.collectMap(Post::id);
		Mono<Map<UUID, List<Delivery>>> sent = this.database.sql(
				"select d.*, pu.post_id as sent_post_id from delivery d join publication pu on pu.id = d.publication_id "
						+ "where d.state = 'SENT' and pu.post_id in (:ids) order by d.platform, d.finished_at")
			.bind("ids", ids)
			.map((row, metadata) -> Map.entry(row.get("sent_post_id", UUID.class),
					this.template.getConverter().read(Delivery.class, row, metadata)))
			.all()
			.collect(LinkedHashMap::new,
					(byPost, entry) -> byPost.computeIfAbsent(entry.getKey(), (postId) -> new ArrayList<>())
						.add(entry.getValue()));
		return Mono.zip(posts, sent).flatMapMany((both) -> {
			List<PublishedPost> result = new ArrayList<>();
			for (Head head : heads) {
				Post post = both.getT1().get(head.postId());
				if (post != null) {
					result.add(new PublishedPost(post, head.publishedAt(),
							both.getT2().getOrDefault(head.postId(), List.of())));
				}
			}
			result.sort(Comparator.comparing(PublishedPost::publishedAt).reversed());
			return Flux.fromIterable(result);
		});
	}

	private record Head(UUID postId, Instant publishedAt) {

	}

}
