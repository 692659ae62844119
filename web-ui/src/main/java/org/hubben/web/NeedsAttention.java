package org.hubben.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hubben.organisation.Channels;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import org.hubben.organisation.TokenState;
import org.hubben.publishing.DeliveryProblems;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The dashboard's "Needs attention" section (the {@code attention} fragment of
 * {@code dashboard-attention.html}), for the member's organisation: deliveries that
 * failed or whose outcome is unknown in the last {@value #DAYS} days, channels whose
 * token expired or expires within a day, and channels a rate limit holds back. Kept apart
 * from {@link DashboardPage} so the dashboard's other sections change without touching
 * it.
 */
@ControllerAdvice(assignableTypes = DashboardPage.class)
class NeedsAttention {

	static final int DAYS = 7;

	private static final int MOST = 50;

	private final CurrentMember currentMember;

	private final Organisations organisations;

	private final Channels channels;

	private final DeliveryProblems problems;

	private final Clock clock;

	NeedsAttention(CurrentMember currentMember, Organisations organisations, Channels channels,
			DeliveryProblems problems, Clock clock) {
		this.currentMember = currentMember;
		this.organisations = organisations;
		this.channels = channels;
		this.problems = problems;
		this.clock = clock;
	}

	@ModelAttribute("attention")
	Mono<Attention> attention(Principal principal) {
		Instant now = this.clock.instant();
		return this.currentMember.of(principal)
			.flatMap((member) -> this.organisations.findById(member.organisationId()))
			.flatMap((organisation) -> Mono.zip(failures(organisation, now), tokens(organisation, now),
					holds(organisation, now)))
			.map((all) -> new Attention(all.getT1(), all.getT2(), all.getT3()));
	}

	private Mono<List<Failure>> failures(Organisation organisation, Instant now) {
		return this.problems.failedOrUnknownSince(organisation.id(), now.minus(Duration.ofDays(DAYS)), MOST)
			.map((problem) -> new Failure(problem.publicationId(), problem.postTitle(), problem.channel(),
					problem.platform().displayName(), problem.state().name(), problem.reason(),
					DueTimeText.of(problem.at(), organisation.zoneId())))
			.collectList();
	}

	private Mono<List<Token>> tokens(Organisation organisation, Instant now) {
		return this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(organisation.id())
			.filter((channel) -> TokenState.of(channel, now) != TokenState.VALID)
			.map((channel) -> {
				boolean expired = TokenState.of(channel, now) == TokenState.EXPIRED;
				String state = expired ? "expired"
						: "expires " + DueTimeText.of(channel.tokenExpiresAt(), organisation.zoneId());
				return new Token(channel.id(), channel.name(), channel.platform().displayName(),
						channel.platform().id(), state, expired);
			})
			.collectList();
	}

	private Mono<List<Held>> holds(Organisation organisation, Instant now) {
		return this.problems.heldChannels(organisation.id(), now)
			.map((hold) -> new Held(hold.channelId(), hold.channel(), hold.platform().displayName(),
					DueTimeText.of(hold.until(), organisation.zoneId()), hold.until(), hold.reason()))
			.collectList();
	}

	/**
	 * What needs attention.
	 *
	 * @param failures the failed or unknown deliveries, latest first
	 * @param tokens the channels whose token expired or is expiring
	 * @param holds the channels a rate limit holds back
	 */
	record Attention(List<Failure> failures, List<Token> tokens, List<Held> holds) {

		public boolean nothing() {
			return this.failures.isEmpty() && this.tokens.isEmpty() && this.holds.isEmpty();
		}

	}

	record Failure(UUID publicationId, String title, String channel, String platform, String state, String reason,
			String at) {

	}

	record Token(UUID channelId, String channel, String platform, String platformId, String state, boolean expired) {

	}

	record Held(UUID channelId, String channel, String platform, String until, Instant untilAt, String reason) {

	}

}
