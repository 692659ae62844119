package org.hubben.publishing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.Connectors;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.Targeting;
import org.hubben.content.Post;
import org.hubben.content.PostEditor;
import org.hubben.content.Variant;
import org.hubben.content.XDuplicates;
import org.hubben.media.MediaFile;
import org.hubben.media.MediaMissing;
import org.hubben.media.MediaStore;
import org.hubben.organisation.AuditLog;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Organisations;
import org.hubben.organisation.TokenRefresher;
import org.hubben.policy.FactChecklist;
import org.hubben.policy.OwnChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Schedules publications, shows them, cancels them and sends their failed deliveries
 * again; the sending itself is {@link DeliverySender}'s. Every method is non-blocking.
 */
@Service
public class Publisher {

	private static final Logger logger = LoggerFactory.getLogger(Publisher.class);

	/**
	 * A time this close to now counts as now: the clocks of a browser and a server never
	 * agree exactly.
	 */

	private final Publications publications;

	private final Deliveries deliveries;

	private final PostEditor postEditor;

	private final Channels channels;

	private final Organisations organisations;

	private final Connectors connectors;

	private final DeliverySender sender;

	private final PublicationTimer timer;

	private final R2dbcEntityTemplate template;

	private final TransactionalOperator transactions;

	private final Clock clock;

	private final OwnChannels ownChannels;

	private final ApplicationEventPublisher events;

	private final TargetedPublications targeted;

	private final AuditLog auditLog;

	private final ObjectProvider<ApprovalGate> approvalGate;

	private final XDuplicates xDuplicates;

	Publisher(Publications publications, Deliveries deliveries, PostEditor postEditor, Channels channels,
			Organisations organisations, Connectors connectors, DeliverySender sender, PublicationTimer timer,
			R2dbcEntityTemplate template, TransactionalOperator transactions, Clock clock, OwnChannels ownChannels,
			ApplicationEventPublisher events, TargetedPublications targeted, AuditLog auditLog,
			ObjectProvider<ApprovalGate> approvalGate, XDuplicates xDuplicates) {
		this.xDuplicates = xDuplicates;
		this.auditLog = auditLog;
		this.approvalGate = approvalGate;
		this.ownChannels = ownChannels;
		this.targeted = targeted;
		this.publications = publications;
		this.deliveries = deliveries;
		this.postEditor = postEditor;
		this.channels = channels;
		this.organisations = organisations;
		this.connectors = connectors;
		this.sender = sender;
		this.timer = timer;
		this.template = template;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Schedules a post on some channels of its organisation, now or at a later instant,
	 * unless its organisation requires approval ({@link ApprovalGate}). Records
	 * {@code publication.scheduled} in the audit log.
	 * @param postId the post
	 * @param request the channels, the instant and the zone
	 * @param scheduledBy the username of who asks
	 * @return the publication with one pending delivery per channel; a
	 * {@link org.hubben.content.PostNotFound} or an {@link InvalidPublication} error
	 * (with a reason per field) when it cannot be scheduled, an {@link ApprovalRequired}
	 * error (nothing saved) when its organisation requires approval
	 */
	public Mono<PublicationView> schedule(UUID postId, PublicationRequest request, String scheduledBy) {
		return this.postEditor.find(postId)
			.flatMap(this::ungated)
			.then(Mono.defer(() -> scheduleChecked(postId, request, scheduledBy, null, Mono.empty())));
	}

	/**
	 * Schedules a post that an approver approved, as {@link #schedule} does but without
	 * asking the {@link ApprovalGate}: only the approval module calls it, once it has
	 * recorded the approval. The request is checked again in full.
	 * @param approvedBy the approver's username, who counts as having scheduled it
	 * @param submission what was approved, for the audit entry (such as
	 * {@code submission 0b5e…})
	 * @param approvalRecord records the approval in the audit log; subscribed once the
	 * publication is saved, before its own {@code publication.scheduled} entry, and never
	 * when it cannot be scheduled, so that the log holds no approval that scheduled
	 * nothing
	 * @return as {@link #schedule}, never an {@link ApprovalRequired} error
	 */
	public Mono<PublicationView> scheduleApproved(UUID postId, PublicationRequest request, String approvedBy,
			String submission, Mono<Void> approvalRecord) {
		return scheduleChecked(postId, request, approvedBy, submission, approvalRecord);
	}

	/** Refuses with {@link ApprovalRequired} when the post's organisation requires it. */
	private Mono<Void> ungated(Post post) {
		ApprovalGate gate = this.approvalGate.getIfAvailable();
		if (gate == null) {
			return Mono.empty();
		}
		return gate.required(post.organisationId())
			.filter(Boolean::booleanValue)
			.flatMap((required) -> this.organisations.findById(post.organisationId()))
			.flatMap((organisation) -> Mono.error(new ApprovalRequired(post.id(), organisation.name())));
	}

	private Mono<PublicationView> scheduleChecked(UUID postId, PublicationRequest request, String scheduledBy,
			String approved, Mono<Void> before) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			Map<String, String> errors = request.problems(now);
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidPublication(errors));
			}
			List<UUID> channelIds = request.channelIds();
			// Kept to the microsecond, as the database keeps it, so that two publications
			// asked for the same instant compare as the same (rule 3: "at or before").
			Instant dueAt = ((request.at() == null || request.at().isBefore(now)) ? now : request.at())
				.truncatedTo(ChronoUnit.MICROS);
			return this.postEditor.find(postId)
				.flatMap((post) -> complete(post).then(checkedFacts(post, request)).thenReturn(post))
				.flatMap((post) -> this.xDuplicates.refusal(post, channelIds)
					.flatMap((why) -> Mono.<Post>error(new InvalidPublication(Map.of("variants.x.text", why))))
					.defaultIfEmpty(post))
				.flatMap((post) -> checkedChannels(post, channelIds).flatMap((channels) -> zoneFor(post, request.zone())
					.flatMap((zone) -> checkedTargeting(post, channels, request.targeting(), dueAt, zone)
						.then(save(post, channels, dueAt, zone, request, scheduledBy, now))
						.flatMap((view) -> before
							.then(recordScheduled(post, channels, view, zone, scheduledBy, approved))
							.thenReturn(view)))));
		}).flatMap((view) -> arm(view.publication()).thenReturn(view));
	}

	private Mono<Void> recordScheduled(Post post, List<Channel> channels, PublicationView view, ZoneId zone,
			String scheduledBy, String approved) {
		return this.auditLog
			.record(post.organisationId(), scheduledBy, "publication.scheduled",
					"publication " + view.publication().id(),
					"\"" + post.title() + "\" on " + channelNames(channels) + " at " + view.publication().dueAt() + " ("
							+ zone.getId() + ")" + ((approved != null) ? ", approved: " + approved : ""))
			.then();
	}

	private static String channelNames(List<Channel> channels) {
		return String.join(", ", channels.stream().map(Channel::name).toList());
	}

	/** Records a step taken on a publication, in its post's organisation. */
	private Mono<Void> audit(UUID postId, String by, String action, UUID publicationId, String detail) {
		return this.postEditor.find(postId)
			.flatMap((post) -> this.auditLog.record(post.organisationId(), (by != null) ? by : "hubben", action,
					"publication " + publicationId,
					"\"" + post.title() + "\"" + ((detail != null) ? ": " + detail : "")))
			.then();
	}

	/**
	 * A draft saved as a person typed may lack its title or text; it is checked here,
	 * when it is scheduled, rather than each time it was saved.
	 */
	private static Mono<Void> complete(Post post) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (post.title() == null || post.title().isBlank()) {
			errors.put("title", "A title is required before the post is scheduled");
		}
		if (post.text() == null || post.text().isBlank()) {
			errors.put("text", "A text is required before the post is scheduled");
		}
		return errors.isEmpty() ? Mono.empty() : Mono.error(new InvalidPublication(errors));
	}

	/**
	 * A post that states facts (sources, figures, dates, quotes) goes out only once a
	 * person went through its checklist.
	 */
	private Mono<Void> checkedFacts(Post post, PublicationRequest request) {
		if (request.factsChecked()) {
			return Mono.empty();
		}
		return Mono
			.zip(this.postEditor.sourcesOf(post.id()),
					this.organisations.findById(post.organisationId()).map((organisation) -> organisation.name()))
			.flatMap((loaded) -> {
				FactChecklist checklist = FactChecklist.of(post.text(), loaded.getT1(), loaded.getT2());
				if (!checklist.needsChecking()) {
					return Mono.empty();
				}
				return Mono.error(new InvalidPublication(Map.of("factsChecked",
						"This post states facts: go through its fact checklist (" + checklist.items().size()
								+ " items: its sources, figures, dates and quotes) and confirm it before scheduling")));
			});
	}

	/**
	 * A targeted ("dark") post goes only to Facebook, the one platform Hubben targets,
	 * and only alongside the same post published openly.
	 */
	private Mono<Void> checkedTargeting(Post post, List<Channel> channels, Targeting targeting, Instant dueAt,
			ZoneId zone) {
		if (targeting == null) {
			return Mono.empty();
		}
		List<String> others = channels.stream()
			.filter((channel) -> channel.platform() != Platform.FACEBOOK)
			.map((channel) -> channel.name() + " (" + channel.platform().displayName() + ")")
			.toList();
		if (!others.isEmpty()) {
			return Mono.error(new InvalidPublication(
					Map.of("channelIds", "A targeted (dark) post goes only to Facebook channels; leave out "
							+ String.join(", ", others) + ", or publish there openly")));
		}
		Mono<Void> textOnly = this.postEditor.variantFor(post, Platform.FACEBOOK)
			.filter((variant) -> !variant.media().isEmpty())
			.flatMap((variant) -> Mono.error(new InvalidPublication(Map.of("targeting",
					"A targeted (dark) post is text and a link: remove its Facebook images and video, or publish it openly"))));
		return textOnly.then(this.targeted.refusal(post.id(), dueAt, zone))
			.flatMap((refusal) -> Mono.error(new InvalidPublication(Map.of("targeting", refusal))));
	}

	private Mono<List<Channel>> checkedChannels(Post post, List<UUID> channelIds) {
		return Flux.fromIterable(channelIds)
			.concatMap((channelId) -> this.channels.findById(channelId)
				.flatMap((channel) -> problemOf(post, channel).map((problem) -> new Checked(channel, problem))
					.defaultIfEmpty(new Checked(channel, null)))
				.defaultIfEmpty(new Checked(null, "Channel " + channelId + " does not exist")))
			.collectList()
			.flatMap((checked) -> {
				List<String> problems = checked.stream().map(Checked::problem).filter((p) -> p != null).toList();
				if (!problems.isEmpty()) {
					return Mono.error(new InvalidPublication(Map.of("channelIds", String.join("; ", problems))));
				}
				return Mono.just(checked.stream().map(Checked::channel).toList());
			});
	}

	/** Why the post cannot go to the channel, known now rather than when it fires. */
	private Mono<String> problemOf(Post post, Channel channel) {
		if (!channel.organisationId().equals(post.organisationId())) {
			return Mono.just(channel.name() + " belongs to another organisation");
		}
		return this.ownChannels.refusal(channel).switchIfEmpty(Mono.defer(() -> variantProblem(post, channel)));
	}

	private Mono<String> variantProblem(Post post, Channel channel) {
		return this.postEditor.variantFor(post, channel.platform())
			.flatMap((variant) -> variant.publishable() ? Mono.<String>empty()
					: Mono.just(channel.name() + ": " + String.join("; ", variant.problems())))
			.switchIfEmpty(Mono
				.defer(() -> this.connectors.forPlatform(channel.platform()).isPresent() ? Mono.empty() : Mono
					.just(channel.name() + ": Hubben has no " + channel.platform().displayName() + " connector yet")));
	}

	private Mono<ZoneId> zoneFor(Post post, String zone) {
		if (zone != null) {
			return Mono.just(DueTimes.zone(zone));
		}
		return this.organisations.findById(post.organisationId()).map((organisation) -> organisation.zone());
	}

	private Mono<PublicationView> save(Post post, List<Channel> channels, Instant dueAt, ZoneId zone,
			PublicationRequest request, String scheduledBy, Instant now) {
		Publication publication = new Publication(UUID.randomUUID(), post.id(), dueAt, zone.getId(), scheduledBy, now,
				request.sendLate(), this.targeted.stored(request.targeting()));
		List<Delivery> pending = channels.stream()
			.map((channel) -> Delivery.pending(publication.id(), channel.id(), channel.platform(), dueAt))
			.toList();
		return this.template.insert(publication)
			.thenMany(Flux.fromIterable(pending).concatMap(this.template::insert))
			.collectList()
			.as(this.transactions::transactional)
			.map((saved) -> new PublicationView(publication, saved));
	}

	private Mono<Void> arm(Publication publication) {
		return this.timer.arm(publication.id(), publication.dueAt()).onErrorResume((ex) -> {
			logger.warn("Could not arm the timer of publication {}; the sweep will fire it", publication.id(), ex);
			return Mono.empty();
		});
	}

	/**
	 * The publication as one organisation sees it: its own, and no other's.
	 * @param publicationId the publication
	 * @param organisationId the organisation asking
	 * @return the publication and its deliveries; a {@link PublicationNotFound} error
	 * when there is none or its post is another organisation's (the two are not told
	 * apart, so an identifier reveals nothing)
	 */
	public Mono<PublicationView> view(UUID publicationId, UUID organisationId) {
		return view(publicationId)
			.filterWhen((view) -> this.postEditor.find(view.publication().postId())
				.map((post) -> post.organisationId().equals(organisationId)))
			.switchIfEmpty(Mono.error(() -> new PublicationNotFound(publicationId)));
	}

	/**
	 * @return the publication and its deliveries; a {@link PublicationNotFound} error
	 * when there is none
	 */
	public Mono<PublicationView> view(UUID publicationId) {
		return this.publications.findById(publicationId)
			.switchIfEmpty(Mono.error(() -> new PublicationNotFound(publicationId)))
			.flatMap((publication) -> this.deliveries.findByPublicationIdOrderByPlatformAsc(publicationId)
				.collectList()
				.map((deliveries) -> new PublicationView(publication, deliveries)));
	}

	/**
	 * @return the most recently due publications first
	 */
	public Flux<PublicationView> latest(int limit) {
		return this.publications.findLatest(limit).concatMap((publication) -> view(publication.id()));
	}

	/**
	 * @return the organisation's most recently due publications first
	 */
	public Flux<PublicationView> latest(UUID organisationId, int limit) {
		return this.publications.findLatestOf(organisationId, limit).concatMap((publication) -> view(publication.id()));
	}

	/**
	 * @return the publications of one post, latest first
	 */
	public Flux<PublicationView> ofPost(UUID postId) {
		return this.publications.findByPostIdOrderByDueAtDesc(postId)
			.concatMap((publication) -> view(publication.id()));
	}

	/**
	 * Cancels every delivery of the publication that has not been claimed yet or is
	 * waiting for its channel. Deliveries already sending or finished keep their state.
	 * Records {@code publication.cancelled} in the audit log when it cancelled any.
	 * @param by the username of who cancels it
	 * @return the publication afterwards; a {@link PublicationNotFound} error when there
	 * is none
	 */
	public Mono<PublicationView> cancel(UUID publicationId, String by) {
		return view(publicationId)
			.flatMap((before) -> this.deliveries.cancelPending(publicationId, this.clock.instant())
				.flatMap((cancelled) -> ((cancelled > 0) ? audit(before.publication().postId(), by,
						"publication.cancelled", publicationId, cancelled + " deliveries cancelled")
						: Mono.<Void>empty())
					.thenReturn(cancelled)))
			.flatMap((cancelled) -> this.timer.disarm(publicationId)
				.onErrorResume((ex) -> Mono.empty())
				.then(view(publicationId)));
	}

	/**
	 * @return the publications that have a delivery that may be claimed (pending, or
	 * retrying) whose time came before the instant
	 */
	public Flux<UUID> withClaimableDeliveriesBefore(Instant instant) {
		return this.publications.findIdsWithClaimableDeliveriesBefore(instant);
	}

	/**
	 * Sends every delivery of a publication that may go now (due, or due for a retry) and
	 * that this node manages to claim, in parallel, and records each outcome (see
	 * {@link DeliverySender}). Safe to call more than once and from several nodes at
	 * once.
	 * @return completes when every claimed delivery has its outcome recorded
	 */
	public Mono<Void> fire(UUID publicationId) {
		return this.sender.sendDue(publicationId);
	}

	/**
	 * Claims every delivery of a publication that may go now, as {@link #fire} does, and
	 * sends them in the background, so the caller (a timer thread) is free as soon as the
	 * claims are made. A delivery claimed by a node that stops before sending it is taken
	 * over and looked up by the {@link Reconciler}.
	 * @return how many deliveries this call claimed
	 */
	public Mono<Long> dispatch(UUID publicationId) {
		return this.sender.dispatch(publicationId);
	}

	/**
	 * Sends the failed deliveries of a publication again, now; the deliveries that were
	 * sent, are being sent or wait for something are left as they are, so nothing is
	 * posted twice. Records {@code publication.retried} in the audit log when it retried
	 * any.
	 * @param by the username of who retries it
	 * @return the publication afterwards; a {@link PublicationNotFound} error when there
	 * is none
	 */
	public Mono<PublicationView> retryFailed(UUID publicationId, String by) {
		return view(publicationId).flatMap((before) -> {
			Instant now = this.clock.instant();
			return Flux.fromIterable(before.deliveries())
				.filter((delivery) -> delivery.state() == DeliveryState.FAILED)
				.concatMap((delivery) -> this.deliveries.retryFailed(delivery.id(), now))
				.reduce(0, Integer::sum)
				.flatMap(
						(retried) -> (retried > 0)
								? audit(before.publication().postId(), by, "publication.retried", publicationId,
										retried + " failed deliveries sent again")
									.then(dispatch(publicationId))
								: Mono.empty())
				.then(view(publicationId));
		});
	}

	/**
	 * The publications of an organisation's posts due in {@code [from, to)}, earliest
	 * first, each with its post's title and its deliveries.
	 */
	public Flux<DuePublication> dueBetween(UUID organisationId, Instant from, Instant to) {
		return this.template.getDatabaseClient()
			.sql("select pu.*, p.title as post_title from publication pu join post p on p.id = pu.post_id "
					+ "where p.organisation_id = :organisation and pu.due_at >= :from and pu.due_at < :to "
					+ "order by pu.due_at, pu.id")
			.bind("organisation", organisationId)
			.bind("from", from)
			.bind("to", to)
			.map((row, metadata) -> Map.entry(this.template.getConverter().read(Publication.class, row, metadata),
					row.get("post_title", String.class)))
			.all()
			.collectList()
			.flatMapMany((found) -> {
				if (found.isEmpty()) {
					return Flux.empty();
				}
				return this.deliveries
					.findByPublicationIdInOrderByPlatformAsc(
							found.stream().map((entry) -> entry.getKey().id()).toList())
					.collectMultimap(Delivery::publicationId)
					.flatMapIterable(
							(byPublication) -> found.stream()
								.map((entry) -> new DuePublication(
										new PublicationView(entry.getKey(),
												List.copyOf(
														byPublication.getOrDefault(entry.getKey().id(), List.of()))),
										entry.getValue()))
								.toList());
			});
	}

	/**
	 * Moves a publication to a wall-clock time read in a zone, as
	 * {@link #reschedule(UUID, Instant, String, String)} does.
	 * @param zone an IANA zone; {@code null} for the publication's own
	 * @return as {@link #reschedule(UUID, Instant, String, String)}; also an
	 * {@link InvalidPublication} for {@code at} when daylight saving skips or repeats the
	 * time in the zone
	 */
	public Mono<PublicationView> reschedule(UUID publicationId, LocalDateTime at, String zone, String by) {
		return Mono.defer(() -> {
			ZoneId chosen = (zone != null) ? DueTimes.zone(zone) : null;
			Mono<ZoneId> zoneId = (chosen != null) ? Mono.just(chosen)
					: view(publicationId).map((view) -> DueTimes.zone(view.publication().zoneId()));
			return zoneId.flatMap((resolvedZone) -> reschedule(publicationId, DueTimes.resolve(at, resolvedZone),
					resolvedZone.getId(), by));
		});
	}

	/**
	 * Moves a publication to another instant, while none of its deliveries has started
	 * going out: each delivery is moved with one conditional update (still pending, never
	 * claimed) in one transaction, so a delivery a node claims meanwhile makes the whole
	 * move fail and nothing changes. The timer is moved too (the sweep fires the
	 * publication should that fail). Publishes {@link PublicationRescheduled} and records
	 * {@code publication.rescheduled} in the audit log.
	 * @param at the new instant; a time within a minute before now counts as now
	 * @param zone an IANA zone the person planned in; {@code null} keeps the
	 * publication's
	 * @param by the username of who moves it
	 * @return the publication afterwards; a {@link PublicationNotFound} error when there
	 * is none, an {@link InvalidPublication} for {@code at} or {@code zone} when the time
	 * has passed or the zone is unknown, a {@link RescheduleRefused} when a delivery was
	 * claimed, sent, tried or cancelled
	 */
	public Mono<PublicationView> reschedule(UUID publicationId, Instant at, String zone, String by) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			if (at == null) {
				return Mono.error(new InvalidPublication(Map.of("at", "Choose the new time")));
			}
			if (at.isBefore(now.minus(PublicationRequest.PAST_TOLERANCE))) {
				return Mono
					.error(new InvalidPublication(Map.of("at", "This time has passed; choose a time from now on")));
			}
			ZoneId chosen = (zone != null) ? DueTimes.zone(zone) : null;
			Instant dueAt = at.isBefore(now) ? now : at;
			return view(publicationId).flatMap((before) -> {
				String refusal = rescheduleRefusal(before);
				if (refusal != null) {
					return Mono.error(new RescheduleRefused(publicationId, refusal));
				}
				Publication moved = new Publication(publicationId, before.publication().postId(), dueAt,
						(chosen != null) ? chosen.getId() : before.publication().zoneId(),
						before.publication().createdBy(), before.publication().createdAt(),
						before.publication().sendLate(), before.publication().targeting());
				// A targeted post may not move ahead of its open post (rule 3); an open
				// post moved past a targeted one fails the targeted one when it is
				// claimed.
				Mono<Void> openFirst = moved.targeted()
						? this.targeted.refusal(moved.postId(), dueAt, DueTimes.zone(moved.zoneId()))
							.flatMap((reason) -> Mono.<Void>error(new RescheduleRefused(publicationId, reason)))
						: Mono.empty();
				return openFirst.thenMany(Flux.fromIterable(before.deliveries()))
					.concatMap((delivery) -> this.deliveries.reschedule(delivery.id(), dueAt))
					.reduce(0, Integer::sum)
					.flatMap((count) -> (count == before.deliveries().size())
							? this.publications.reschedule(publicationId, dueAt, moved.zoneId())
							: Mono.error(new RescheduleRefused(publicationId,
									"It started going out meanwhile: it can no longer be moved")))
					.as(this.transactions::transactional)
					.then(arm(moved))
					.then(this.postEditor.find(moved.postId()))
					.doOnNext((post) -> this.events.publishEvent(new PublicationRescheduled(publicationId, post.id(),
							post.organisationId(), before.publication().dueAt(), dueAt, moved.zoneId(), by, now)))
					.flatMap((post) -> audit(post.id(), by, "publication.rescheduled", publicationId,
							"from " + before.publication().dueAt() + " to " + dueAt + " (" + moved.zoneId() + ")"))
					.then(view(publicationId));
			});
		});
	}

	/** Why the publication can no longer be moved; {@code null} when it can. */
	private static String rescheduleRefusal(PublicationView view) {
		for (Delivery delivery : view.deliveries()) {
			if (delivery.state() == DeliveryState.SENT) {
				return "Already sent on " + delivery.platform().displayName()
						+ ": a post that went out cannot be moved";
			}
		}
		for (Delivery delivery : view.deliveries()) {
			if (delivery.state() != DeliveryState.PENDING && delivery.state() != DeliveryState.CANCELLED
					|| delivery.state() == DeliveryState.PENDING && delivery.claimedAt() != null) {
				return "Already going out on " + delivery.platform().displayName() + " ("
						+ delivery.state().name().toLowerCase(java.util.Locale.ROOT)
						+ "): only a post that has not started going out can be moved";
			}
		}
		if (view.deliveries().stream().anyMatch((delivery) -> delivery.state() == DeliveryState.CANCELLED)) {
			return "Cancelled: schedule the post again instead";
		}
		return null;
	}

	private record Checked(Channel channel, String problem) {

	}

}
