package org.hubben.publishing;

import java.util.UUID;

import org.hubben.organisation.ChannelConnected;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The deliveries of one channel: its last one, for people to see how it is doing, and the
 * ones {@link DeliveryState#WAITING waiting} for it to be reconnected, which go out as
 * soon as it is. Every method is non-blocking.
 */
@Service
public class ChannelDeliveries {

	private static final Logger logger = LoggerFactory.getLogger(ChannelDeliveries.class);

	private final Deliveries deliveries;

	private final Channels channels;

	private final Publisher publisher;

	ChannelDeliveries(Deliveries deliveries, Channels channels, Publisher publisher) {
		this.deliveries = deliveries;
		this.channels = channels;
		this.publisher = publisher;
	}

	/**
	 * @return the delivery to the channel that was claimed last; empty when none was
	 */
	public Mono<Delivery> last(UUID channelId) {
		return this.deliveries.findFirstByChannelIdAndClaimedAtIsNotNullOrderByClaimedAtDesc(channelId);
	}

	/**
	 * Sends a reconnected channel's waiting deliveries. Spring subscribes to the result;
	 * the publisher of the event does not wait for it.
	 */
	@EventListener
	public Mono<Void> channelConnected(ChannelConnected event) {
		if (!event.reconnected()) {
			// A new channel has no deliveries yet.
			return Mono.empty();
		}
		return resumeWaiting(event.channelId()).doOnNext((resumed) -> {
			if (resumed > 0) {
				logger.info("Channel {} is connected: sent {} waiting deliveries", event.channelId(), resumed);
			}
		}).then();
	}

	/**
	 * Puts the channel's waiting deliveries back in line and fires their publications.
	 * Each is resumed by one conditional update, so two nodes resuming the same channel
	 * send nothing twice.
	 * @return how many deliveries this call resumed, once their publications have fired
	 */
	public Mono<Long> resumeWaiting(UUID channelId) {
		return this.deliveries.findByChannelIdAndState(channelId, DeliveryState.WAITING)
			.concatMap((delivery) -> this.deliveries.resume(delivery.id())
				.filter((resumed) -> resumed == 1)
				.map((resumed) -> delivery.publicationId()))
			.collectList()
			.flatMap((publicationIds) -> Flux.fromIterable(publicationIds)
				.distinct()
				.concatMap(this.publisher::fire)
				.then(Mono.just((long) publicationIds.size())));
	}

	/**
	 * Resumes the waiting deliveries of every channel that is connected again: a safety
	 * net for a {@link ChannelConnected} event lost with the node that published it, or a
	 * delivery that started waiting while its channel was being reconnected.
	 * @return how many deliveries were resumed
	 */
	public Mono<Long> resumeWaitingOnConnectedChannels() {
		return this.deliveries.findChannelIdsWithWaitingDeliveries()
			.concatMap((channelId) -> this.channels.findById(channelId))
			.filter((channel) -> channel.status() == ChannelStatus.CONNECTED)
			.concatMap((channel) -> resumeWaiting(channel.id()))
			.reduce(0L, Long::sum);
	}

}
