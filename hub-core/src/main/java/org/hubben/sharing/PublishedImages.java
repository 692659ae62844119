package org.hubben.sharing;

import java.util.List;
import java.util.UUID;

import org.hubben.content.Post;
import org.hubben.content.PostEditor;
import org.hubben.media.MediaStore;
import org.hubben.publishing.PublishedPosts;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The images of posts that have gone out, from the media store. An upload becomes public
 * only once a post that carries it is published; until then {@link #file} knows nothing
 * of it, whoever guesses its id.
 */
@Component
class PublishedImages implements PublicImages {

	private final PostEditor postEditor;

	private final PublishedPosts publishedPosts;

	private final MediaStore mediaStore;

	PublishedImages(PostEditor postEditor, PublishedPosts publishedPosts, MediaStore mediaStore) {
		this.postEditor = postEditor;
		this.publishedPosts = publishedPosts;
		this.mediaStore = mediaStore;
	}

	@Override
	public Flux<PublicImage> of(Post post) {
		return this.postEditor.mediaOf(post.id())
			.flatMapMany(Flux::fromIterable)
			.filter((media) -> media.image())
			.map((media) -> new PublicImage(media.id(), media.contentType(), media.filename()));
	}

	@Override
	public Mono<MediaFile> file(UUID mediaId) {
		return this.postEditor.postsCarrying(mediaId)
			.collectList()
			.filterWhen(this.publishedPosts::anyPublished)
			.flatMap((posts) -> this.mediaStore.findAll(List.of(mediaId)).next())
			.filter((media) -> media.image())
			.map((media) -> new MediaFile(this.mediaStore.pathOf(media), media.contentType(), media.size()));
	}

}
