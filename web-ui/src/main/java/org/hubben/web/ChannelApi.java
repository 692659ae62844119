package org.hubben.web;

import java.util.Locale;
import java.util.UUID;

import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import reactor.core.publisher.Flux;

import org.springframework.web.bind.annotation.GetMapping;

/** {@code /api/channels}: the organisation's channels on every platform. */
@ApiController("/api/channels")
class ChannelApi {

	private final Channels channels;

	ChannelApi(Channels channels) {
		this.channels = channels;
	}

	@GetMapping
	Flux<ChannelJson> all() {
		return this.channels.findAllByOrderByPlatformAscNameAsc().map(ChannelJson::of);
	}

	record ChannelJson(UUID id, UUID organisationId, String platform, String name, String status) {

		static ChannelJson of(Channel channel) {
			return new ChannelJson(channel.id(), channel.organisationId(), channel.platform().id(), channel.name(),
					channel.status().name().toLowerCase(Locale.ROOT));
		}

	}

}
