package org.hubben.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.connector.Platform;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A person's right to be forgotten: finds what the inbox holds about someone, by the name
 * they write under or their platform id, across the organisation's channels, and erases
 * it: their comments and mentions, and Hubben's copies of the organisation's replies to
 * them (which may name them). The platform keeps what is on it; an erased comment is
 * remembered only as the SHA-256 of its platform id, so a poll does not bring it back.
 * Administrators only. Non-blocking.
 */
public class PersonErasure {

	private static final Logger logger = LoggerFactory.getLogger(PersonErasure.class);

	private final InboxStore store;

	private final Channels channels;

	private final Clock clock;

	PersonErasure(InboxStore store, Channels channels, Clock clock) {
		this.store = store;
		this.channels = channels;
		this.clock = clock;
	}

	/**
	 * @param organisationId the organisation
	 * @param query part of a name (any case), or a platform id exactly; at least two
	 * characters
	 * @return the people found, the one who wrote last first
	 */
	public Mono<List<Commenter>> find(UUID organisationId, String query) {
		String wanted = (query != null) ? query.strip() : "";
		if (wanted.length() < 2) {
			return Mono.just(List.of());
		}
		String name = wanted.toLowerCase(Locale.ROOT);
		return Mono
			.zip(this.store.ofOrganisation(organisationId, Integer.MAX_VALUE)
				.filter((comment) -> !comment.byChannel())
				.filter((comment) -> comment.authorId().equals(wanted)
						|| comment.authorName().toLowerCase(Locale.ROOT).contains(name))
				.collectList(),
					this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(organisationId)
						.collectMap(Channel::id, Channel::name))
			.map((both) -> {
				Map<String, List<Comment>> byAuthor = new LinkedHashMap<>();
				for (Comment comment : both.getT1()) {
					byAuthor
						.computeIfAbsent(comment.platform().name() + ":" + comment.authorId(),
								(key) -> new ArrayList<>())
						.add(comment);
				}
				List<Commenter> found = new ArrayList<>();
				for (List<Comment> theirs : byAuthor.values()) {
					Set<String> names = new LinkedHashSet<>();
					Set<String> channelNames = new LinkedHashSet<>();
					Instant latest = Instant.MIN;
					for (Comment comment : theirs) {
						names.add(comment.authorName());
						channelNames.add(both.getT2().getOrDefault(comment.channelId(), "?"));
						latest = comment.createdAt().isAfter(latest) ? comment.createdAt() : latest;
					}
					found.add(new Commenter(theirs.get(0).platform(), theirs.get(0).authorId(), List.copyOf(names),
							theirs.size(), List.copyOf(channelNames), latest));
				}
				found.sort(Comparator.comparing(Commenter::latest).reversed());
				return found;
			});
	}

	/**
	 * Erases everything the inbox holds about one person on one platform, across the
	 * organisation's channels.
	 * @param member who erases: an administrator
	 * @param platform the platform they write on
	 * @param authorId their platform id
	 * @return how many comments (theirs and the replies to them) were erased; an
	 * {@link InboxRefused} error when the member is no administrator
	 */
	public Mono<Erased> erase(Member member, Platform platform, String authorId) {
		if (!member.role().may(Action.MANAGE_SETTINGS, Reach.OWN)) {
			return Mono.error(new InboxRefused(InboxRefused.Reason.FORBIDDEN,
					"Only an administrator of your organisation can erase a person's data"));
		}
		Instant now = this.clock.instant();
		return this.store.ofOrganisation(member.organisationId(), Integer.MAX_VALUE).collectList().flatMap((all) -> {
			List<Comment> theirs = all.stream()
				.filter((comment) -> comment.platform() == platform && comment.authorId().equals(authorId)
						&& !comment.byChannel())
				.toList();
			Set<String> theirIds = new LinkedHashSet<>();
			theirs.forEach((comment) -> theirIds.add(comment.channelId() + ":" + comment.remoteId()));
			List<Comment> answers = all.stream()
				.filter((comment) -> comment.byChannel() && comment.parentRemoteId() != null
						&& theirIds.contains(comment.channelId() + ":" + comment.parentRemoteId()))
				.toList();
			List<Comment> erased = new ArrayList<>(theirs);
			erased.addAll(answers);
			return Flux.fromIterable(erased)
				.concatMap((comment) -> this.store.markErased(comment.channelId(), comment.remoteId(), now))
				.then(this.store.delete(erased.stream().map(Comment::id).toList()))
				.map((count) -> new Erased(theirs.size(), answers.size()));
		})
			.doOnNext((erased) -> logger.info("{} erased a person's data from the inbox: {} comment(s), {} reply(ies)",
					member.username(), erased.comments(), erased.replies()));
	}

	/**
	 * What an erasure removed.
	 *
	 * @param comments the person's comments and mentions
	 * @param replies Hubben's copies of the organisation's replies to them
	 */
	public record Erased(int comments, int replies) {

	}

}
