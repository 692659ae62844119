package org.hubben.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.ReceivedPost;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /emulator-feed}: what each emulated platform received, as its own feed would
 * show it, with the comments under each post. No emulator exists when they are off.
 */
@Controller
class EmulatorFeedPage {

	private final ObjectProvider<Emulator> emulators;

	EmulatorFeedPage(ObjectProvider<Emulator> emulators) {
		this.emulators = emulators;
	}

	@GetMapping("/emulator-feed")
	Mono<Rendering> feed() {
		// The emulators keep what they received in memory: reading it does not block.
		return Mono.fromSupplier(() -> this.emulators.orderedStream().map(Feed::of).toList())
			.map((feeds) -> Rendering.view("emulator-feed").modelAttribute("feeds", feeds).build());
	}

	record Feed(String platform, String platformId, List<Item> posts) {

		static Feed of(Emulator emulator) {
			List<ReceivedPost> received = new ArrayList<>(emulator.received());
			Collections.reverse(received);
			Map<String, List<Comment>> comments = emulator.comments()
				.stream()
				.collect(Collectors.groupingBy(EmulatedComment::postId,
						Collectors.mapping(Comment::of, Collectors.toList())));
			return new Feed(emulator.platform().displayName(), emulator.platform().id(),
					received.stream()
						.map((post) -> Item.of(post, comments.getOrDefault(post.remoteId(), List.of())))
						.toList());
		}

	}

	record Item(String remoteId, String accountId, String text, String link, String receivedAt,
			List<Comment> comments) {

		static Item of(ReceivedPost post, List<Comment> comments) {
			return new Item(post.remoteId(), post.accountId(), post.text(), post.link(),
					DueTimeText.of(post.receivedAt(), "UTC"), comments);
		}

	}

	/**
	 * A comment under a post, oldest first, as the platform's public sees it, or marked
	 * hidden or deleted.
	 */
	record Comment(String authorName, String text, boolean reply, boolean byChannel, String state) {

		static Comment of(EmulatedComment comment) {
			String state = comment.deleted() ? "deleted" : comment.hidden() ? "hidden" : null;
			return new Comment(comment.authorName(), comment.text(), comment.parentId() != null, comment.byChannel(),
					state);
		}

	}

}
