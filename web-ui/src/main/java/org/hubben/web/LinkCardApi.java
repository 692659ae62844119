package org.hubben.web;

import java.util.List;
import java.util.Map;

import org.hubben.organisation.Action;
import org.hubben.content.LinkCard;
import org.hubben.content.LinkCards;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /api/link-card}: the card platforms will show for a link, for the compose page's
 * previews. A page that cannot be read is still a {@code 200}, with a warning, since the
 * link may still be posted; a malformed link or one Hubben does not fetch is a
 * {@code 400} that says why.
 */
@ApiController("/api/link-card")
@Tag(name = "Link cards", description = "The card platforms will show for a link")
class LinkCardApi {

	private final LinkCards cards;

	private final CurrentMember currentMember;

	LinkCardApi(LinkCards cards, CurrentMember currentMember) {
		this.cards = cards;
		this.currentMember = currentMember;
	}

	@GetMapping
	@Operation(operationId = "previewLinkCard", summary = "Preview the card of a link",
			description = "A page that cannot be read is still a 200, with the reason in `warnings`; a link to a "
					+ "private network or another port is a 400 that says why.")
	Mono<LinkCardJson> card(@RequestParam(required = false) String url, java.security.Principal principal) {
		if (url == null || url.isBlank()) {
			return Mono.error(new InvalidRequest(Map.of("url", "Give the link to preview as the url parameter")));
		}
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.then(Mono.defer(() -> this.cards.card(url)))
			.map(LinkCardJson::of);
	}

	/**
	 * The card; {@code title}, {@code description}, {@code image} and {@code canonical}
	 * are {@code null} when the page has none or could not be read.
	 *
	 * @param warnings sentences for the person composing; empty when all is well
	 */
	record LinkCardJson(String url, String title, String description, String image, String canonical,
			List<String> warnings) {

		static LinkCardJson of(LinkCard card) {
			return new LinkCardJson(card.url(), card.title(), card.description(), card.image(), card.canonical(),
					card.warnings());
		}

	}

}
