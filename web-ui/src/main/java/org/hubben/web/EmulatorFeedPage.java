package org.hubben.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.ReceivedPost;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /emulator-feed}: what each emulated platform received, as its own feed would
 * show it. No emulator exists when they are off.
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
			return new Feed(emulator.platform().displayName(), emulator.platform().id(),
					received.stream().map(Item::of).toList());
		}

	}

	record Item(String remoteId, String accountId, String text, String link, String receivedAt) {

		static Item of(ReceivedPost post) {
			return new Item(post.remoteId(), post.accountId(), post.text(), post.link(),
					DueTimeText.of(post.receivedAt(), "UTC"));
		}

	}

}
