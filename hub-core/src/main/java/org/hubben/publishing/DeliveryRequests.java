package org.hubben.publishing;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.Connectors;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.Targeting;
import org.hubben.content.Post;
import org.hubben.content.PostEditor;
import org.hubben.content.Variant;
import org.hubben.media.MediaFile;
import org.hubben.media.MediaMissing;
import org.hubben.media.MediaStore;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelCredentials;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.hubben.organisation.TokenRefresher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Builds the request a delivery sends: the connector, the channel's fresh credentials,
 * the platform's variant of the post and the media it takes. The same request is built
 * again to look a post up when the outcome of sending it is unknown. Non-blocking.
 */
@Component
class DeliveryRequests {

	private final Publications publications;

	private final PostEditor postEditor;

	private final Channels channels;

	private final TokenRefresher tokenRefresher;

	private final Connectors connectors;

	private final MediaStore mediaStore;

	private final TargetedPublications targeted;

	DeliveryRequests(Publications publications, PostEditor postEditor, Channels channels, TokenRefresher tokenRefresher,
			Connectors connectors, MediaStore mediaStore, TargetedPublications targeted) {
		this.targeted = targeted;
		this.publications = publications;
		this.postEditor = postEditor;
		this.channels = channels;
		this.tokenRefresher = tokenRefresher;
		this.connectors = connectors;
		this.mediaStore = mediaStore;
	}

	/**
	 * @return the connector and the request; a {@link NotSendable} error when the
	 * delivery cannot go out for a reason found before any request left, a
	 * {@link ChannelNotConnected} error when its channel must be reconnected first
	 */
	Mono<Prepared> prepare(Delivery delivery) {
		Connector connector = this.connectors.forPlatform(delivery.platform()).orElse(null);
		if (connector == null) {
			return Mono.error(new NotSendable(
					"Hubben has no " + delivery.platform().displayName() + " connector: nothing was sent"));
		}
		Mono<Channel> channel = this.channels.findById(delivery.channelId())
			.switchIfEmpty(Mono.error(() -> new NotSendable("The channel was removed: nothing was sent")));
		Mono<Publication> publication = this.publications.findById(delivery.publicationId());
		Mono<Post> post = publication.flatMap((found) -> this.postEditor.find(found.postId()));
		return Mono.zip(channel, post, publication).flatMap((both) -> {
			Channel target = both.getT1();
			if (target.status() == ChannelStatus.EXPIRED) {
				return Mono.error(new ChannelNotConnected(target.platform().displayName() + " channel " + target.name()
						+ " must be reconnected: its token expired or was revoked. Nothing was sent."));
			}
			return this.postEditor.variantFor(both.getT2(), delivery.platform())
				.switchIfEmpty(Mono.error(() -> new NotSendable("No variant for " + delivery.platform())))
				.flatMap((variant) -> Mono.zip(credentials(target), mediaToPublish(variant)).flatMap((prepared) -> {
					ChannelAccess access = new ChannelAccess(target.accountId(), prepared.getT1().accessToken(),
							prepared.getT1().tokenSecret());
					PublishRequest request = requestFor(delivery.id(), access, variant, prepared.getT2());
					Targeting targeting = this.targeted.of(both.getT3());
					if (targeting == null) {
						return Mono.just(new Prepared(connector, request));
					}
					return this.targeted.openLink(both.getT3().postId(), variant.link())
						.map((open) -> new Prepared(connector, targeted(request, targeting, open)));
				}));
		});
	}

	private Mono<ChannelCredentials> credentials(Channel channel) {
		return this.tokenRefresher.freshCredentials(channel)
			.onErrorMap(AuthorisationFailed.class, (ex) -> new ChannelNotConnected(ex.getMessage()))
			.onErrorMap(ConnectorException.class,
					(ex) -> new NotSendable(
							"The token could not be refreshed: " + ex.getMessage() + ". Nothing was sent."))
			.onErrorMap(IllegalStateException.class, (ex) -> new NotSendable(ex.getMessage()));
	}

	/** The media the variant's platform receives, in the author's order. */
	private Mono<List<PublishMedia>> mediaToPublish(Variant variant) {
		return this.mediaStore.findAll(variant.media())
			.collectMap(MediaFile::id)
			.flatMapMany((byId) -> Flux.fromIterable(variant.media()).mapNotNull(byId::get))
			.concatMap(this.mediaStore::publishable)
			.collectList()
			.onErrorMap(MediaMissing.class, (ex) -> new NotSendable(ex.getMessage() + ". Nothing was sent."));
	}

	/**
	 * @return what the connector receives: the variant's text, title, link and tags, and
	 * the media it takes
	 */
	static PublishRequest requestFor(UUID deliveryId, ChannelAccess access, Variant variant, List<PublishMedia> media) {
		return new PublishRequest(deliveryId, access, variant.text(), variant.title(), variant.link(), media,
				variant.tags());
	}

	/**
	 * @return the request as a targeted ("dark") post, linking to the open post
	 */
	static PublishRequest targeted(PublishRequest request, Targeting targeting, URI open) {
		return new PublishRequest(request.deliveryId(), request.channel(), request.text(), request.title(), open,
				request.media(), request.tags(), targeting);
	}

	/** A delivery ready to go: the connector and what it sends. */
	record Prepared(Connector connector, PublishRequest request) {

	}

	/**
	 * The channel must be reconnected before the delivery can go out; found before any
	 * request left, or from the platform's refusal of the token.
	 */
	static final class ChannelNotConnected extends RuntimeException {

		ChannelNotConnected(String reason) {
			super(reason, null, false, false);
		}

	}

	/** The delivery cannot be sent for a reason found before any request left. */
	static final class NotSendable extends RuntimeException {

		NotSendable(String reason) {
			super(reason, null, false, false);
		}

	}

}
