package org.hubben.connector.youtube.emulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A video the emulator holds. A private video with a {@code publishAt} turns public once
 * that time has passed; {@link #status} works that out on every read, so nothing needs to
 * run at the time itself.
 *
 * @param id the video id
 * @param channelId the channel it was uploaded to
 * @param channelTitle the channel's title
 * @param draft its metadata
 * @param publishedAt when the upload finished
 * @param contentType the content type the client declared
 * @param size its size in bytes
 * @param sha256 the hex SHA-256 of its bytes
 */
record Video(String id, String channelId, String channelTitle, VideoDraft draft, Instant publishedAt,
		String contentType, long size, String sha256) {

	/**
	 * @param now the time of the read
	 * @return the privacy status as of {@code now}
	 */
	String privacyStatus(Instant now) {
		return scheduled(now) ? "private" : (this.draft.publishAt() != null) ? "public" : this.draft.privacyStatus();
	}

	/**
	 * @param now the time of the read
	 * @return whether the video waits for its {@code publishAt}
	 */
	boolean scheduled(Instant now) {
		return this.draft.publishAt() != null && now.isBefore(this.draft.publishAt());
	}

	/**
	 * @param parts the parts asked for ({@code id} is always there)
	 * @param now the time of the read
	 * @return the video resource as YouTube's JSON
	 */
	Map<String, Object> json(Set<String> parts, Instant now) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("kind", "youtube#video");
		json.put("etag", Integer.toHexString(hashCode()));
		json.put("id", this.id);
		if (parts.contains("snippet")) {
			json.put("snippet", snippet());
		}
		if (parts.contains("status")) {
			json.put("status", status(now));
		}
		if (parts.contains("contentDetails")) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("duration", "PT0S");
			details.put("dimension", "2d");
			details.put("definition", "sd");
			details.put("caption", "false");
			details.put("licensedContent", false);
			json.put("contentDetails", details);
		}
		return json;
	}

	private Map<String, Object> snippet() {
		Map<String, Object> snippet = new LinkedHashMap<>();
		snippet.put("publishedAt", DateTimeFormatter.ISO_INSTANT.format(this.publishedAt));
		snippet.put("channelId", this.channelId);
		snippet.put("title", this.draft.title());
		snippet.put("description", this.draft.description());
		if (!this.draft.tags().isEmpty()) {
			snippet.put("tags", this.draft.tags());
		}
		snippet.put("categoryId", this.draft.categoryId());
		snippet.put("channelTitle", this.channelTitle);
		snippet.put("liveBroadcastContent", "none");
		snippet.put("localized", Map.of("title", this.draft.title(), "description", this.draft.description()));
		return snippet;
	}

	private Map<String, Object> status(Instant now) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("uploadStatus", "uploaded");
		status.put("privacyStatus", privacyStatus(now));
		if (scheduled(now)) {
			status.put("publishAt", DateTimeFormatter.ISO_INSTANT.format(this.draft.publishAt()));
		}
		status.put("license", "youtube");
		status.put("embeddable", true);
		status.put("publicStatsViewable", true);
		if (this.draft.madeForKids() != null) {
			status.put("madeForKids", this.draft.madeForKids());
			status.put("selfDeclaredMadeForKids", this.draft.madeForKids());
		}
		return status;
	}

}
