package org.hubben.organisation;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The organisations, read side. Organisations are created at first start and by
 * administrators.
 */
public interface Organisations extends ReactiveCrudRepository<Organisation, UUID> {

	Mono<Organisation> findBySlug(String slug);

	Flux<Organisation> findByParentId(UUID parentId);

	/**
	 * @return the organisations with a site of their own, whose feeds are watched
	 */
	@Query("select * from organisation where home_site_url is not null order by created_at")
	Flux<Organisation> findWithOwnSite();

	/**
	 * Sets the feed watched for the organisation's new articles.
	 * @param feedUrl an absolute http(s) URL, or {@code null} to discover it from the
	 * home site
	 * @return 1, or 0 when there is no such organisation
	 */
	@Modifying
	@Query("update organisation set feed_url = :feedUrl where id = :id")
	Mono<Integer> changeFeedUrl(UUID id, String feedUrl);

}
