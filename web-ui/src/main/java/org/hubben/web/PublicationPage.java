package org.hubben.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.hubben.publishing.PublicationNotFound;
import org.hubben.organisation.Action;
import org.hubben.content.PostEditor;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.publishing.Delivery;
import org.hubben.publishing.DeliveryState;
import org.hubben.publishing.PublicationView;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /publications/{id}}: one post on its channels, with the state of every delivery.
 * While any delivery may still change, its script follows {@link PublicationStatusStream}
 * and updates each row in place; without scripts the page reloads itself instead.
 */
@Controller
class PublicationPage {

	private final Publisher publisher;

	private final PostEditor editor;

	private final Channels channels;

	private final CurrentMember currentMember;

	PublicationPage(Publisher publisher, PostEditor editor, Channels channels, CurrentMember currentMember) {
		this.publisher = publisher;
		this.editor = editor;
		this.channels = channels;
		this.currentMember = currentMember;
	}

	/**
	 * The publication, when the member may take the action on its post's organisation;
	 * not found when they may not see its work.
	 */
	private Mono<PublicationView> own(UUID id, Action action, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.publisher.view(id)
				.flatMap((view) -> this.editor.find(view.publication().postId())
					.onErrorMap(org.hubben.content.PostNotFound.class, (ex) -> new PublicationNotFound(id))
					.flatMap((post) -> this.currentMember.allowed(member, action, post.organisationId(),
							() -> new PublicationNotFound(id)))
					.thenReturn(view)));
	}

	@GetMapping("/publications/{id}")
	Mono<Rendering> publication(@PathVariable UUID id, Principal principal) {
		return own(id, Action.VIEW, principal)
			.flatMap((view) -> Mono
				.zip(this.editor.find(view.publication().postId()), this.channels
					.findAllById(view.deliveries().stream().map(Delivery::channelId).distinct().toList())
					.collectMap(Channel::id, Function.identity()), this.editor.sourcesOf(view.publication().postId()),
						this.currentMember
							.of(principal)
							.flatMap(
									(member) -> this.editor.find(view.publication().postId())
										.flatMap((post) -> this.currentMember.may(member, Action.SCHEDULE,
												post.organisationId()))))
				.map((both) -> Rendering.view("publication")
					.modelAttribute("mayAct", both.getT4())
					.modelAttribute("sources", both.getT3())
					.modelAttribute("publication", view.publication())
					.modelAttribute("post", both.getT1())
					.modelAttribute("due", DueTimeText.of(view.publication().dueAt(), view.publication().zoneId()))
					.modelAttribute("deliveries", rows(view, both.getT2()))
					.modelAttribute("inProgress", view.inProgress())
					.modelAttribute("settled", view.deliveries().stream().allMatch(PublicationPage::settled))
					.modelAttribute("cancellable",
							view.deliveries()
								.stream()
								.anyMatch((delivery) -> delivery.state() == DeliveryState.PENDING
										|| delivery.state() == DeliveryState.RETRYING
										|| delivery.state() == DeliveryState.WAITING))
					.modelAttribute("retryable",
							view.deliveries().stream().anyMatch((delivery) -> delivery.state() == DeliveryState.FAILED))
					.build()));
	}

	@PostMapping("/publications/{id}/retry")
	Mono<Rendering> retry(@PathVariable UUID id, Principal principal) {
		return own(id, Action.SCHEDULE, principal)
			.then(Mono.defer(() -> this.publisher.retryFailed(id, principal.getName())))
			.map((view) -> Rendering.redirectTo("/publications/" + id).build());
	}

	@PostMapping("/publications/{id}/cancel")
	Mono<Rendering> cancel(@PathVariable UUID id, Principal principal) {
		return own(id, Action.SCHEDULE, principal)
			.then(Mono.defer(() -> this.publisher.cancel(id, principal.getName())))
			.map((view) -> Rendering.redirectTo("/publications/" + id).build());
	}

	private static boolean settled(Delivery delivery) {
		return delivery.state() == DeliveryState.SENT || delivery.state() == DeliveryState.FAILED
				|| delivery.state() == DeliveryState.CANCELLED;
	}

	private static List<Row> rows(PublicationView view, Map<UUID, Channel> channels) {
		return view.deliveries().stream().map((delivery) -> {
			Channel channel = channels.get(delivery.channelId());
			String error = switch (delivery.state()) {
				case FAILED, UNKNOWN, WAITING, RETRYING -> delivery.error();
				default -> null;
			};
			String nextAttempt = (delivery.state() == DeliveryState.RETRYING)
					? DueTimeText.of(delivery.nextAttemptAt(), view.publication().zoneId()) : null;
			return new Row(delivery.id(), (channel != null) ? channel.name() : "(removed channel)",
					delivery.platform().displayName(), delivery.state().name(), delivery.attempts(),
					(delivery.state() == DeliveryState.SENT) ? delivery.remoteUrl() : null, delivery.remoteId(), error,
					nextAttempt);
		}).toList();
	}

	record Row(UUID id, String channel, String platform, String state, int attempts, String remoteUrl, String remoteId,
			String error, String nextAttempt) {

	}

}
