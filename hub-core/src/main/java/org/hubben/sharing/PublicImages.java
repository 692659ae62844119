package org.hubben.sharing;

import java.util.UUID;

import org.hubben.content.Post;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The seam between the public pages and media storage: which images a post carries, and
 * their bytes. Until a media module provides a bean of this type, {@link #none()} is used
 * and the public pages show no images (the share kit offers the generated share card
 * instead).
 *
 * <p>
 * Contract for an implementation: non-blocking; {@link #file} answers only for media
 * attached to a post that {@link #of} would list for a published post, so that
 * {@code /m/<id>} never exposes an upload that is not public.
 */
public interface PublicImages {

	/**
	 * @return the post's images in the order the author attached them; videos are left
	 * out
	 */
	Flux<PublicImage> of(Post post);

	/**
	 * @return the bytes of a public image; empty when the id names none
	 */
	Mono<MediaFile> file(UUID mediaId);

	/** No media storage: no post has images. */
	static PublicImages none() {
		return new PublicImages() {

			@Override
			public Flux<PublicImage> of(Post post) {
				return Flux.empty();
			}

			@Override
			public Mono<MediaFile> file(UUID mediaId) {
				return Mono.empty();
			}

		};
	}

}
