package org.hubben.organisation;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * Every organisation's channels. New channels are added through {@link ChannelRegistrar}.
 */
public interface Channels extends ReactiveCrudRepository<Channel, UUID> {

	Flux<Channel> findByOrganisationIdOrderByPlatformAscNameAsc(UUID organisationId);

	Flux<Channel> findAllByOrderByPlatformAscNameAsc();

	@Modifying
	@Query("update channel set status = :status where id = :id")
	Mono<Integer> updateStatus(UUID id, ChannelStatus status);

}
