package org.hubben.publishing;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.Connectors;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.Targeting;
import org.hubben.content.ComposedPost;
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
	 * Looks up what the delivery needs (its channel, publication and post) and builds its
	 * request, as {@link #prepare(Delivery, Channel, PublicationContent)} does.
	 * @return the connector and the request; a {@link NotSendable} error when the
	 * delivery cannot go out for a reason found before any request left, a
	 * {@link ChannelNotConnected} error when its channel must be reconnected first
	 */
	Mono<Prepared> prepare(Delivery delivery) {
		return Mono
			.zip(this.channels.findById(delivery.channelId()).map(Optional::of).defaultIfEmpty(Optional.empty()),
					this.publications.findById(delivery.publicationId()).map(this::contentOf))
			.flatMap((found) -> prepare(delivery, found.getT1().orElse(null), found.getT2()));
	}

	/**
	 * What every delivery of a publication sends from: the publication, and its post with
	 * each platform's variant, read once (when a delivery first needs it) for all of
	 * them.
	 */
	PublicationContent contentOf(Publication publication) {
		return new PublicationContent(publication, this.postEditor.composed(publication.postId()).cache());
	}

	/**
	 * Builds the request of a delivery of the publication.
	 * @param channel the delivery's channel as just read; {@code null} when it was
	 * removed
	 * @return the connector and the request; a {@link NotSendable} error when the
	 * delivery cannot go out for a reason found before any request left, a
	 * {@link ChannelNotConnected} error when its channel must be reconnected first, a
	 * {@link org.hubben.content.PostNotFound} error when its post is gone
	 */
	Mono<Prepared> prepare(Delivery delivery, Channel channel, PublicationContent content) {
		Connector connector = this.connectors.forPlatform(delivery.platform()).orElse(null);
		if (connector == null) {
			return Mono.error(new NotSendable(
					"Hubben has no " + delivery.platform().displayName() + " connector: nothing was sent"));
		}
		if (channel == null) {
			return Mono.error(new NotSendable("The channel was removed: nothing was sent"));
		}
		if (channel.status() == ChannelStatus.EXPIRED) {
			return Mono.error(new ChannelNotConnected(channel.platform().displayName() + " channel " + channel.name()
					+ " must be reconnected: its token expired or was revoked. Nothing was sent."));
		}
		Publication publication = content.publication();
		return content.post()
			.flatMap((post) -> Mono.justOrEmpty(post.variants().get(delivery.platform())))
			.switchIfEmpty(Mono.error(() -> new NotSendable("No variant for " + delivery.platform())))
			.flatMap((variant) -> Mono.zip(credentials(channel), mediaToPublish(variant)).flatMap((prepared) -> {
				ChannelAccess access = new ChannelAccess(channel.accountId(), prepared.getT1().accessToken(),
						prepared.getT1().tokenSecret());
				PublishRequest request = requestFor(delivery.id(), access, variant, prepared.getT2());
				Targeting targeting = this.targeted.of(publication);
				if (targeting == null) {
					return Mono.just(new Prepared(connector, request));
				}
				return this.targeted.openLink(publication.postId(), variant.link())
					.map((open) -> new Prepared(connector, targeted(request, targeting, open)));
			}));
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

	/**
	 * A publication and its post with each platform's variant, shared by its deliveries.
	 *
	 * @param publication the publication
	 * @param post its post, composed; read on first subscription and cached, a
	 * {@link org.hubben.content.PostNotFound} error when the post is gone
	 */
	record PublicationContent(Publication publication, Mono<ComposedPost> post) {

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
