package org.hubben.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.connector.Targeting;
import org.hubben.content.InvalidPost;
import org.hubben.content.PostDraft;
import org.hubben.content.RichText;
import org.hubben.publishing.DueTimes;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationRequest;

import org.springframework.http.codec.multipart.FilePart;

/**
 * What the compose form submits, kept as typed so that a refused form comes back with
 * every value in place.
 *
 * @param title the post's title
 * @param text the post's text, from the plain text area (the page without scripts)
 * @param html the post's text from the rich editor, as HTML; preferred over {@code text}
 * when given
 * @param link the page to link to; blank for the home site
 * @param channelIds the chosen channels; {@code null} when none is ticked
 * @param when {@code now} or {@code later}
 * @param date the day, {@code yyyy-MM-dd}, when later
 * @param time the time of day, {@code HH:mm}, when later
 * @param zone the IANA zone the date and time are read in
 * @param mediaIds the media already stored and still ticked, in order
 * @param files the files chosen in the file input, not stored yet; a browser sends one
 * without a name when none was chosen
 * @param shared {@code true} when ticked: offer the post to the regions and supporters
 * @param sendLate {@code true} when ticked: a delivery Hubben could not send within the
 * late limit of its time still goes out, rather than failing as having missed it
 * @param variants what a person wrote for one platform themselves, keyed
 * {@code <platform>-text} and {@code <platform>-title} (form fields
 * {@code variants[x-text]}); blank or absent means derived from the post
 * @param save {@code draft} when the person pressed the button that saves without
 * scheduling; anything else schedules
 * @param sources the post's sources, one link a line
 * @param facts the items of the fact checklist the person ticked, by their text
 * @param targeted {@code true} when ticked: a targeted ("dark") Facebook post, for the
 * audience below
 * @param targetCountries the audience's countries, two-letter codes separated by commas
 * or spaces
 * @param targetAgeMin the audience's youngest age, as typed
 * @param targetAgeMax the audience's oldest age, as typed
 */
record ComposeForm(String title, String text, String html, String link, List<String> channelIds, String when,
		String date, String time, String zone, List<String> mediaIds, List<FilePart> files, Boolean shared,
		Boolean sendLate, Map<String, String> variants, String save, String sources, List<String> facts,
		Boolean targeted, String targetCountries, String targetAgeMin, String targetAgeMax) {

	static final String NOW = "now";

	static final String LATER = "later";

	static final String DRAFT = "draft";

	ComposeForm {
		channelIds = (channelIds != null) ? List.copyOf(channelIds) : List.of();
		when = LATER.equals(when) ? LATER : NOW;
		mediaIds = (mediaIds != null) ? List.copyOf(mediaIds) : List.of();
		files = (files != null) ? List.copyOf(files) : List.of();
		shared = Boolean.TRUE.equals(shared);
		sendLate = Boolean.TRUE.equals(sendLate);
		// Mutable: after constructing the form, the data binder also writes each
		// variants[key] field into this map.
		variants = (variants != null) ? new LinkedHashMap<>(variants) : new LinkedHashMap<>();
		sources = (sources != null) ? sources : "";
		facts = (facts != null) ? List.copyOf(facts) : List.of();
		targeted = Boolean.TRUE.equals(targeted);
		targetCountries = (targetCountries != null) ? targetCountries : "";
		targetAgeMin = (targetAgeMin != null) ? targetAgeMin : "18";
		targetAgeMax = (targetAgeMax != null) ? targetAgeMax : "65";
	}

	static ComposeForm empty(String zone) {
		return new ComposeForm("", "", "", "", List.of(), NOW, "", "", zone, List.of(), List.of(), false, false,
				Map.of(), null, "", List.of(), false, "", "18", "65");
	}

	/**
	 * @return the form showing a saved post as its author wrote it, to be scheduled now
	 * unless the person chooses a time
	 */
	static ComposeForm of(PostDraft draft, String zone) {
		Map<String, String> written = new LinkedHashMap<>();
		draft.variants().forEach((platform, variant) -> {
			if (variant.text() != null) {
				written.put(platform.id() + "-text", variant.text());
			}
			if (variant.title() != null) {
				written.put(platform.id() + "-title", variant.title());
			}
		});
		String plain = (draft.html() != null) ? RichText.plainText(draft.html()) : draft.text();
		return new ComposeForm(draft.title(), (plain != null) ? plain : "", (draft.html() != null) ? draft.html() : "",
				(draft.link() != null) ? draft.link() : "", List.of(), NOW, "", "", zone,
				draft.mediaIds().stream().map(UUID::toString).toList(), List.of(), draft.shared(), false, written, null,
				String.join("\n", draft.sources()), List.of(), false, "", "18", "65");
	}

	/**
	 * @return whether the person asked to save the post without scheduling it
	 */
	boolean draftOnly() {
		return DRAFT.equals(this.save);
	}

	/**
	 * @return the files a person chose, leaving out the nameless empty part a browser
	 * sends for a file input left empty
	 */
	List<FilePart> chosenFiles() {
		return this.files.stream().filter((file) -> file.filename() != null && !file.filename().isBlank()).toList();
	}

	/**
	 * @return this form with the newly stored media attached after the others, and no
	 * files left to store
	 */
	ComposeForm withMedia(List<UUID> stored) {
		List<String> all = new ArrayList<>(this.mediaIds);
		stored.forEach((id) -> all.add(id.toString()));
		return new ComposeForm(this.title, this.text, this.html, this.link, this.channelIds, this.when, this.date,
				this.time, this.zone, all, List.of(), this.shared, this.sendLate, this.variants, this.save,
				this.sources, this.facts, this.targeted, this.targetCountries, this.targetAgeMin, this.targetAgeMax);
	}

	/** The attached media's identifiers, leaving out any that is not one. */
	List<UUID> attachedMedia() {
		List<UUID> ids = new ArrayList<>();
		for (String id : this.mediaIds) {
			try {
				ids.add(UUID.fromString(id));
			}
			catch (IllegalArgumentException ex) {
				// not one of ours; toDraft refuses it
			}
		}
		return ids;
	}

	/**
	 * @return the rich editor's HTML, sanitised, to show it again in the editor; empty
	 * when there is none
	 */
	public String safeHtml() {
		return RichText.sanitise(this.html);
	}

	public boolean later() {
		return LATER.equals(this.when);
	}

	public boolean chosen(UUID channelId) {
		return this.channelIds.contains(channelId.toString());
	}

	/**
	 * @return the draft; an {@link InvalidPost} when a media identifier is not one
	 */
	PostDraft toDraft() {
		List<UUID> media = attachedMedia();
		if (media.size() != this.mediaIds.size()) {
			throw new InvalidPost(Map.of("mediaIds", "An attached medium is not one Hubben stored; attach it again"));
		}
		boolean rich = this.html != null && !this.html.isBlank();
		return new PostDraft(this.title, rich ? null : this.text, rich ? this.html : null, this.link, variantDrafts(),
				media, this.shared, sourceList());
	}

	/** The sources, one a line, blank lines left out. */
	List<String> sourceList() {
		return this.sources.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	/** The plain text the post will have, for its fact checklist. */
	String plainText() {
		boolean rich = this.html != null && !this.html.isBlank();
		return rich ? RichText.plainText(this.html) : ((this.text != null) ? this.text : "");
	}

	/**
	 * @return what the person wrote for {@code platform} ({@code text} or {@code title});
	 * empty when they left it to Hubben
	 */
	public String variant(String platform, String part) {
		String value = this.variants.get(platform + "-" + part);
		return (value != null) ? value : "";
	}

	private Map<Platform, PostDraft.VariantDraft> variantDrafts() {
		Map<Platform, PostDraft.VariantDraft> drafts = new LinkedHashMap<>();
		for (Platform platform : Platform.values()) {
			String text = variant(platform.id(), "text");
			String title = variant(platform.id(), "title");
			if (!text.isBlank() || !title.isBlank()) {
				drafts.put(platform,
						new PostDraft.VariantDraft(text.isBlank() ? null : text, title.isBlank() ? null : title));
			}
		}
		return drafts;
	}

	/**
	 * Reads the publication inputs before any post is composed, so that a mistake in them
	 * does not leave a post behind.
	 * @return the request; an {@link InvalidPublication} with a reason per field
	 * ({@code channelIds}, {@code date}, {@code time}, {@code at}, {@code zone}) when the
	 * inputs cannot make one
	 */
	PublicationRequest toRequest(boolean factsChecked) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<UUID> channels = new ArrayList<>();
		for (String id : this.channelIds) {
			try {
				channels.add(UUID.fromString(id));
			}
			catch (IllegalArgumentException ex) {
				errors.put("channelIds", "'" + id + "' is not a channel");
			}
		}
		if (channels.isEmpty() && !errors.containsKey("channelIds")) {
			errors.put("channelIds", "Choose at least one channel");
		}
		ZoneId zoneId = null;
		try {
			zoneId = DueTimes.zone((this.zone != null && !this.zone.isBlank()) ? this.zone : "");
		}
		catch (InvalidPublication ex) {
			errors.put("zone", (this.zone == null || this.zone.isBlank()) ? "Choose a time zone"
					: ex.errors().getOrDefault("zone", "Choose a time zone"));
		}
		Instant at = null;
		if (later()) {
			LocalDate day = parse(this.date, LocalDate::parse, "date", "Give the day as a date, such as 2027-05-01",
					errors);
			LocalTime clock = parse(this.time, LocalTime::parse, "time",
					"Give the time as hours and minutes, such as 08:30", errors);
			if (day != null && clock != null && zoneId != null) {
				try {
					at = DueTimes.resolve(LocalDateTime.of(day, clock), zoneId);
				}
				catch (InvalidPublication ex) {
					errors.putAll(ex.errors());
				}
			}
		}
		Targeting targeting = this.targeted ? targeting(errors) : null;
		if (!errors.isEmpty()) {
			throw new InvalidPublication(errors);
		}
		return new PublicationRequest(channels, at, zoneId.getId(), this.sendLate, factsChecked, targeting);
	}

	/**
	 * @return the audience as typed; what is wrong with it is checked where the
	 * publication is scheduled, so the page and the API say the same
	 */
	private Targeting targeting(Map<String, String> errors) {
		Integer youngest = parse(this.targetAgeMin.strip(), Integer::valueOf, "targeting.ageMin",
				"Give the youngest age as a number from " + Targeting.YOUNGEST + " to " + Targeting.OLDEST, errors);
		Integer oldest = parse(this.targetAgeMax.strip(), Integer::valueOf, "targeting.ageMax",
				"Give the oldest age as a number from " + Targeting.YOUNGEST + " to " + Targeting.OLDEST, errors);
		List<String> countries = Arrays.stream(this.targetCountries.split("[,\\s]+"))
			.filter((country) -> !country.isBlank())
			.toList();
		return new Targeting(countries, (youngest != null) ? youngest : 0, (oldest != null) ? oldest : 0, List.of());
	}

	private static <T> T parse(String value, java.util.function.Function<String, T> parser, String field,
			String message, Map<String, String> errors) {
		if (value == null || value.isBlank()) {
			errors.put(field, message);
			return null;
		}
		try {
			return parser.apply(value.strip());
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			errors.put(field, message);
			return null;
		}
	}

}
