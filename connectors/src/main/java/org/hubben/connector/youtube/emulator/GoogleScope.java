package org.hubben.connector.youtube.emulator;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OAuth scopes the emulated Google accepts, each with the one-letter code that
 * emulator tokens carry (so a token says what it may do without any server-side state)
 * and the words Google's consent screen uses for it.
 */
enum GoogleScope {

	YOUTUBE("https://www.googleapis.com/auth/youtube", 'y', "Manage your YouTube account"),

	YOUTUBE_UPLOAD("https://www.googleapis.com/auth/youtube.upload", 'u', "Manage your YouTube videos"),

	YOUTUBE_READONLY("https://www.googleapis.com/auth/youtube.readonly", 'r', "View your YouTube account"),

	YOUTUBE_FORCE_SSL("https://www.googleapis.com/auth/youtube.force-ssl", 'f',
			"See, edit, and permanently delete your YouTube videos, ratings, comments and captions"),

	YOUTUBEPARTNER("https://www.googleapis.com/auth/youtubepartner", 'p',
			"View and manage your assets and associated content on YouTube"),

	OPENID("openid", 'o', "Associate you with your personal info on Google"),

	EMAIL("email", 'e', "See your primary Google Account email address"),

	PROFILE("profile", 'n', "See your personal info, including any personal info you've made publicly available");

	/** What a token issued by someone else than the OAuth flow (tests, demo) may do. */
	static final Set<GoogleScope> ALL = EnumSet.allOf(GoogleScope.class);

	/** Any of these lets a token upload videos. */
	static final Set<GoogleScope> UPLOAD = EnumSet.of(YOUTUBE, YOUTUBE_UPLOAD, YOUTUBE_FORCE_SSL, YOUTUBEPARTNER);

	/** Any of these lets a token read the channel. */
	static final Set<GoogleScope> READ = EnumSet.of(YOUTUBE, YOUTUBE_READONLY, YOUTUBE_FORCE_SSL, YOUTUBEPARTNER);

	private final String uri;

	private final char code;

	private final String description;

	GoogleScope(String uri, char code, String description) {
		this.uri = uri;
		this.code = code;
		this.description = description;
	}

	String uri() {
		return this.uri;
	}

	String description() {
		return this.description;
	}

	static Optional<GoogleScope> byUri(String uri) {
		return Arrays.stream(values()).filter((scope) -> scope.uri.equals(uri)).findFirst();
	}

	/**
	 * @param scopes some scopes
	 * @return their codes, in declaration order: safe inside an emulator token
	 */
	static String encode(Set<GoogleScope> scopes) {
		return Arrays.stream(values())
			.filter(scopes::contains)
			.map((scope) -> String.valueOf(scope.code))
			.collect(Collectors.joining());
	}

	/**
	 * @param codes what {@link #encode} wrote
	 * @return the scopes, or empty when a code is unknown
	 */
	static Optional<Set<GoogleScope>> decode(String codes) {
		Set<GoogleScope> scopes = EnumSet.noneOf(GoogleScope.class);
		for (char code : codes.toCharArray()) {
			Optional<GoogleScope> scope = Arrays.stream(values()).filter((each) -> each.code == code).findFirst();
			if (scope.isEmpty()) {
				return Optional.empty();
			}
			scopes.add(scope.get());
		}
		return Optional.of(scopes);
	}

	/**
	 * @param scopes some scopes
	 * @return their URIs separated by spaces, as Google's token endpoint names them
	 */
	static String join(Set<GoogleScope> scopes) {
		Set<String> uris = new LinkedHashSet<>();
		for (GoogleScope scope : values()) {
			if (scopes.contains(scope)) {
				uris.add(scope.uri);
			}
		}
		return String.join(" ", uris);
	}

}
