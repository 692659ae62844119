package org.hubben.publishing;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Whether an organisation requires approval before anything is scheduled on its channels.
 * The approval module answers it; {@link Publisher#schedule} asks it, so that no path
 * that schedules goes around approval.
 */
public interface ApprovalGate {

	/**
	 * @return whether the organisation requires approval; never empty. Non-blocking.
	 */
	Mono<Boolean> required(UUID organisationId);

}
