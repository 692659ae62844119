package org.hubben.organisation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * Creates organisations below existing ones: a region below the centre, a branch below a
 * region. Only a member who may {@link Action#MANAGE_SETTINGS manage the settings} of the
 * parent may; each creation is written to the parent's audit log as
 * {@code organisation.created}. Non-blocking.
 */
@Service
public class OrganisationFounder {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	private static final int NAME_MAX = 200;

	private static final int SLUG_MAX = 80;

	private final Organisations organisations;

	private final Access access;

	private final AuditLog auditLog;

	private final R2dbcEntityTemplate template;

	private final Clock clock;

	OrganisationFounder(Organisations organisations, Access access, AuditLog auditLog, R2dbcEntityTemplate template,
			Clock clock) {
		this.organisations = organisations;
		this.access = access;
		this.auditLog = auditLog;
		this.template = template;
		this.clock = clock;
	}

	/**
	 * @param member who creates it
	 * @param request what they ask for
	 * @return the organisation as saved; an {@link InvalidOrganisation} error naming each
	 * bad field (nothing saved), or an {@link AccessDenied} error when the member may not
	 * manage the parent's settings or there is no such parent they see
	 */
	public Mono<Organisation> create(Member member, NewOrganisation request) {
		if (request.parentId() == null) {
			return Mono.error(new InvalidOrganisation(Map.of("parentId", "Choose the organisation it belongs under")));
		}
		return this.access.check(member, Action.MANAGE_SETTINGS, request.parentId())
			.flatMap((parent) -> validated(request, parent))
			.flatMap((organisation) -> this.template.insert(organisation)
				.onErrorMap(DuplicateKeyException.class,
						(ex) -> new InvalidOrganisation(Map.of("slug",
								"Another organisation is called '" + organisation.slug()
										+ "' already; choose another short name"))))
			.flatMap((saved) -> this.auditLog
				.record(saved.parentId(), member.username(), "organisation.created", saved.name(),
						"slug " + saved.slug() + ", id " + saved.id())
				.thenReturn(saved));
	}

	private Mono<Organisation> validated(NewOrganisation request, Organisation parent) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = (request.name() != null) ? request.name().strip() : "";
		if (name.isEmpty()) {
			errors.put("name", "Give the organisation a name");
		}
		else if (name.length() > NAME_MAX) {
			errors.put("name", "At most " + NAME_MAX + " characters; this one has " + name.length());
		}
		String slug = (request.slug() != null && !request.slug().isBlank()) ? request.slug().strip()
				: (name.isEmpty() ? "" : Slugs.of(name));
		if (!name.isEmpty() && !SLUG.matcher(slug).matches()) {
			errors.put("slug", "Use lower-case letters a-z, digits and single hyphens, e.g. region-skane");
		}
		else if (slug.length() > SLUG_MAX) {
			errors.put("slug", "At most " + SLUG_MAX + " characters");
		}
		String zone = (request.zoneId() != null && !request.zoneId().isBlank()) ? request.zoneId().strip()
				: parent.zoneId();
		try {
			zone = ZoneId.of(zone).getId();
		}
		catch (DateTimeException ex) {
			errors.put("zoneId", "'" + zone + "' is not an IANA time zone such as Europe/Stockholm");
		}
		String site = (request.homeSiteUrl() != null && !request.homeSiteUrl().isBlank())
				? request.homeSiteUrl().strip() : null;
		if (site != null && !isWebAddress(site)) {
			errors.put("homeSiteUrl", "Give the whole address, starting with https:// (or leave it empty)");
		}
		if (!errors.isEmpty()) {
			return Mono.error(new InvalidOrganisation(errors));
		}
		String chosenZone = zone;
		return this.organisations.findBySlug(slug)
			.flatMap((taken) -> Mono.<Organisation>error(new InvalidOrganisation(Map.of("slug",
					"Another organisation is called '" + slug + "' already; choose another short name"))))
			.switchIfEmpty(Mono.fromSupplier(() -> new Organisation(UUID.randomUUID(), parent.id(), name, slug, site,
					chosenZone, this.clock.instant(), null, null)));
	}

	private static boolean isWebAddress(String text) {
		if (text.length() > 2000) {
			return false;
		}
		try {
			URI uri = new URI(text);
			return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
					&& uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
