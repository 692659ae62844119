package org.hubben.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hubben.content.PostEditor;
import org.hubben.publishing.PublicationView;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;

/** {@code /}: the latest publications and the way to compose the next. */
@Controller
class DashboardPage {

	static final int LATEST = 20;

	private final Publisher publisher;

	private final PostEditor editor;

	DashboardPage(Publisher publisher, PostEditor editor) {
		this.publisher = publisher;
		this.editor = editor;
	}

	@GetMapping("/")
	Mono<Rendering> dashboard() {
		return this.publisher.latest(LATEST)
			.concatMap((view) -> this.editor.find(view.publication().postId())
				.map((post) -> Row.of(view, post.title()))
				.onErrorResume(org.hubben.content.PostNotFound.class,
						(ex) -> Mono.just(Row.of(view, "(post removed)"))))
			.collectList()
			.map((rows) -> Rendering.view("dashboard").modelAttribute("publications", rows).build());
	}

	record Row(UUID id, String title, Instant dueAt, String due, List<Badge> badges) {

		static Row of(PublicationView view, String title) {
			var publication = view.publication();
			return new Row(publication.id(), title, publication.dueAt(),
					DueTimeText.of(publication.dueAt(), publication.zoneId()),
					view.deliveries()
						.stream()
						.map((delivery) -> new Badge(delivery.platform().displayName(), delivery.state().name()))
						.toList());
		}

	}

	record Badge(String platform, String state) {

	}

}
