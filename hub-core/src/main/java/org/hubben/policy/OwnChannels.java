package org.hubben.policy;

import org.hubben.organisation.Channel;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The first rule: the organisation speaks only in its own name, so posts go out only from
 * channels a member connected through the platform's own authorisation and whose account
 * name they saw and confirmed ({@link Channel#verified()}). Non-blocking.
 */
@Service
public class OwnChannels {

	private final Organisations organisations;

	OwnChannels(Organisations organisations) {
		this.organisations = organisations;
	}

	/**
	 * @return why nothing may be published on the channel, naming its organisation and
	 * platform; empty when the channel is verified as the organisation's own
	 */
	public Mono<String> refusal(Channel channel) {
		if (channel.verified()) {
			return Mono.empty();
		}
		return this.organisations.findById(channel.organisationId())
			.map((organisation) -> channel.notVerifiedReason(organisation.name()))
			.defaultIfEmpty(channel.notVerifiedReason("the organisation"));
	}

}
