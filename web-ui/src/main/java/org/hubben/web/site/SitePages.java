package org.hubben.web.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hubben.organisation.HomeSites;
import org.hubben.sharing.CountKind;
import org.hubben.sharing.HomeSite;
import org.hubben.sharing.HomeSite.PublicPost;
import org.hubben.sharing.PublicCounts;
import org.hubben.sharing.PublicImages;
import org.hubben.sharing.SiteProperties;
import org.hubben.sharing.Suggestion;
import org.hubben.sharing.TipsText;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The handlers of the public pages. Each page is rendered once into a
 * {@link RenderedPage} and then served from {@link RenderedPages}: no database round trip
 * per request, a strong ETag and {@code 304 Not Modified} for a client that has the bytes
 * already. Visits, shares and downloads are counted in memory ({@link PublicCounts}),
 * from the path and {@code utm_source} only.
 */
@Component
class SitePages {

	private static final String NO_STORE = CacheControl.noStore().getHeaderValue();

	private static final String NOT_FOUND_CACHE = "public, max-age=10";

	private static final MediaType ATOM = new MediaType("application", "atom+xml",
			java.nio.charset.StandardCharsets.UTF_8);

	private static final Map<String, MediaType> ASSETS = Map.of("site.css",
			new MediaType("text", "css", java.nio.charset.StandardCharsets.UTF_8), "share.js",
			new MediaType("text", "javascript", java.nio.charset.StandardCharsets.UTF_8));

	private final HomeSite homeSite;

	private final HomeSites homeSites;

	private final PublicCounts counts;

	private final PublicImages images;

	private final RenderedPages pages;

	private final ITemplateEngine templates;

	private final MessageSource messages;

	private final Locale defaultLanguage;

	private final String pageCache;

	SitePages(HomeSite homeSite, HomeSites homeSites, PublicCounts counts, PublicImages images, RenderedPages pages,
			ITemplateEngine templates, MessageSource messages, SiteProperties properties) {
		this.homeSite = homeSite;
		this.homeSites = homeSites;
		this.counts = counts;
		this.images = images;
		this.pages = pages;
		this.templates = templates;
		this.messages = messages;
		this.defaultLanguage = SiteLanguage.SUPPORTED.stream()
			.filter((locale) -> locale.getLanguage().equals(properties.defaultLanguage()))
			.findFirst()
			.orElse(SiteLanguage.SWEDISH);
		this.pageCache = CacheControl.maxAge(properties.maxAge()).cachePublic().getHeaderValue();
	}

	Mono<ServerResponse> post(ServerRequest request) {
		String slug = request.pathVariable("slug");
		SiteLanguage language = language(request);
		String path = "/p/" + slug;
		return this.pages
			.get(path + "|" + language.key(),
					() -> this.homeSite.post(slug)
						.map((post) -> html("site/post", language, path, Map.of("post", post), post))
						.switchIfEmpty(notFound(language, path)))
			.flatMap((page) -> respond(request, page, CountKind.VISIT, visitSource(request)));
	}

	Mono<ServerResponse> postKit(ServerRequest request) {
		String slug = request.pathVariable("slug");
		SiteLanguage language = language(request);
		String path = "/p/" + slug + "/share";
		return this.pages
			.get(path + "|" + language.key(),
					() -> this.homeSite.post(slug)
						.map((post) -> html("site/post-share", language, path, Map.of("post", post), post))
						.switchIfEmpty(notFound(language, path)))
			.flatMap((page) -> respond(request, page, CountKind.VISIT, visitSource(request)));
	}

	/**
	 * {@code /p/<slug>/share/<x|facebook>}: counts one share and sends the supporter on
	 * to the platform's own share dialog.
	 */
	Mono<ServerResponse> shareDialog(ServerRequest request) {
		String slug = request.pathVariable("slug");
		String target = request.pathVariable("target");
		SiteLanguage language = language(request);
		String path = "/p/" + slug + "/share/" + target;
		return this.pages
			.get(path + "|" + language.key(),
					() -> this.homeSite.post(slug)
						.flatMap((post) -> Mono
							.justOrEmpty(post.suggestions()
								.stream()
								.filter((suggestion) -> suggestion.target().equals(target)
										&& suggestion.dialog() != null)
								.map(Suggestion::dialog)
								.findFirst())
							.map((dialog) -> RenderedPage.of(HttpStatus.SEE_OTHER, MediaType.TEXT_PLAIN, new byte[0],
									NO_STORE, Map.of(HttpHeaders.LOCATION, dialog.toString()), post.post().id(),
									post.organisation().zone())))
						.switchIfEmpty(notFound(language, path)))
			.flatMap((page) -> respond(request, page, CountKind.SHARE, target));
	}

	/** {@code /p/<slug>/card.png}: the post's share card, also its Open Graph image. */
	Mono<ServerResponse> card(ServerRequest request) {
		String slug = request.pathVariable("slug");
		String path = "/p/" + slug + "/card.png";
		return this.pages
			.get(path, () -> cardOf(slug, this.pageCache, Map.of()).switchIfEmpty(notFound(language(request), path)))
			.flatMap((page) -> respond(request, page, null, null));
	}

	/**
	 * {@code /p/<slug>/download}: the post's image as a file to save, counted as a
	 * download: its first own image (through {@code /m/<id>}), or its share card.
	 */
	Mono<ServerResponse> download(ServerRequest request) {
		String slug = request.pathVariable("slug");
		String path = "/p/" + slug + "/download";
		return this.pages.get(path, () -> this.homeSite.post(slug).flatMap((post) -> {
			if (!post.images().isEmpty()) {
				return Mono.just(RenderedPage.of(HttpStatus.SEE_OTHER, MediaType.TEXT_PLAIN, new byte[0], NO_STORE,
						Map.of(HttpHeaders.LOCATION, "/m/" + post.images().get(0).mediaId()), post.post().id(),
						post.organisation().zone()));
			}
			return cardOf(slug, NO_STORE,
					Map.of(HttpHeaders.CONTENT_DISPOSITION,
							ContentDisposition.attachment().filename(slug + ".png").build().toString()))
				.map((card) -> RenderedPage.of(card.status(), card.contentType(), card.body(), card.cacheControl(),
						card.headers(), post.post().id(), post.organisation().zone()));
		}).switchIfEmpty(notFound(language(request), path)))
			.flatMap((page) -> respond(request, page, CountKind.DOWNLOAD, "image"));
	}

	Mono<ServerResponse> organisation(ServerRequest request) {
		String slug = request.pathVariable("slug");
		SiteLanguage language = language(request);
		String path = "/o/" + slug;
		return this.pages
			.get(path + "|" + language.key(), () -> this.homeSite.organisation(slug)
				.map((organisation) -> html("site/organisation", language, path, Map.of("home", organisation), null))
				.switchIfEmpty(notFound(language, path)))
			.flatMap((page) -> respond(request, page, null, null));
	}

	Mono<ServerResponse> feed(ServerRequest request) {
		String slug = request.pathVariable("slug");
		String path = "/o/" + slug + "/feed.atom";
		return this.pages
			.get(path,
					() -> this.homeSite.organisation(slug)
						.map((organisation) -> RenderedPage.of(HttpStatus.OK, ATOM,
								AtomFeed.of(organisation, this.homeSites.publicUrl().toString()), this.pageCache,
								Map.of(), null, null))
						.switchIfEmpty(notFound(language(request), path)))
			.flatMap((page) -> respond(request, page, null, null));
	}

	Mono<ServerResponse> channels(ServerRequest request) {
		String slug = request.pathVariable("slug");
		SiteLanguage language = language(request);
		String path = "/o/" + slug + "/channels";
		return this.pages
			.get(path + "|" + language.key(),
					() -> this.homeSite.channels(slug)
						.map((directory) -> html("site/channels", language, path, Map.of("directory", directory), null))
						.switchIfEmpty(notFound(language, path)))
			.flatMap((page) -> respond(request, page, null, null));
	}

	Mono<ServerResponse> organisationKit(ServerRequest request) {
		String slug = request.pathVariable("slug");
		SiteLanguage language = language(request);
		String path = "/o/" + slug + "/share";
		return this.pages
			.get(path + "|" + language.key(),
					() -> this.homeSite.kit(slug)
						.map((kit) -> html("site/organisation-share", language, path, Map.of("kit", kit), null))
						.switchIfEmpty(notFound(language, path)))
			.flatMap((page) -> respond(request, page, null, null));
	}

	Mono<ServerResponse> tips(ServerRequest request) {
		String slug = request.pathVariable("slug");
		SiteLanguage language = language(request);
		String path = "/o/" + slug + "/tips";
		return this.pages.get(path + "|" + language.key(), () -> this.homeSite.tips(slug).map((tips) -> {
			String written = (tips.tips() != null) ? tips.tips().in(language.locale()) : null;
			String text = (written != null) ? written : defaultTips(language.locale());
			return html("site/tips", language, path, Map.of("organisation", tips.organisation(), "blocks",
					TipsText.blocks(text), "ownText", written != null), null);
		}).switchIfEmpty(notFound(language, path))).flatMap((page) -> respond(request, page, null, null));
	}

	Mono<ServerResponse> privacy(ServerRequest request) {
		SiteLanguage language = language(request);
		return this.pages
			.get("/privacy|" + language.key(),
					() -> Mono.just(html("site/privacy", language, "/privacy", Map.of(), null)))
			.flatMap((page) -> respond(request, page, null, null));
	}

	/** {@code /m/<id>}: a public image, through the {@link PublicImages} seam. */
	Mono<ServerResponse> media(ServerRequest request) {
		Optional<UUID> id = uuid(request.pathVariable("id"));
		SiteLanguage language = language(request);
		Mono<ServerResponse> notFound = this.pages.get("/m|" + language.key(), () -> notFound(language, request.path()))
			.flatMap((page) -> respond(request, page, null, null));
		if (id.isEmpty()) {
			return notFound;
		}
		return this.images.file(id.get())
			.flatMap((file) -> ServerResponse.ok()
				.header(HttpHeaders.CACHE_CONTROL, "public, max-age=86400")
				.header("X-Content-Type-Options", "nosniff")
				.contentType(MediaType.parseMediaType(file.contentType()))
				.body(BodyInserters.fromResource(new FileSystemResource(file.file()))))
			.switchIfEmpty(notFound);
	}

	/** {@code /site/site.css} and {@code /site/share.js}, from memory. */
	Mono<ServerResponse> asset(ServerRequest request) {
		String name = request.pathVariable("file");
		MediaType type = ASSETS.get(name);
		if (type == null) {
			return notFound(request);
		}
		return this.pages
			.get("/site/" + name,
					() -> Mono.fromCallable(() -> RenderedPage.of(HttpStatus.OK, type, read("site/" + name),
							"public, max-age=3600", Map.of(), null, null)))
			.flatMap((page) -> respond(request, page, null, null));
	}

	/** Any other address under the public paths. */
	Mono<ServerResponse> notFound(ServerRequest request) {
		SiteLanguage language = language(request);
		return this.pages.get("404|" + language.key(), () -> notFound(language, request.path()))
			.flatMap((page) -> respond(request, page, null, null));
	}

	private Mono<RenderedPage> cardOf(String slug, String cacheControl, Map<String, String> headers) {
		return this.homeSite.post(slug)
			.map((post) -> RenderedPage.of(HttpStatus.OK, MediaType.IMAGE_PNG, ShareCard.png(post.post().title(),
					post.organisation().name(), this.homeSites.publicUrl().getHost()), cacheControl, headers, null,
					null));
	}

	private Mono<ServerResponse> respond(ServerRequest request, RenderedPage page, CountKind kind, String source) {
		if (kind != null && page.postId() != null) {
			count(request, page.postId(), page.zone(), kind, source);
		}
		if (page.matches(request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH))) {
			return ServerResponse.status(HttpStatus.NOT_MODIFIED).headers((headers) -> {
				headers.setETag(page.etag());
				headers.set(HttpHeaders.CACHE_CONTROL, page.cacheControl());
				String vary = page.headers().get(HttpHeaders.VARY);
				if (vary != null) {
					headers.set(HttpHeaders.VARY, vary);
				}
			}).build();
		}
		ServerResponse.BodyBuilder response = ServerResponse.status(page.status()).headers((headers) -> {
			page.headers().forEach(headers::set);
			headers.set(HttpHeaders.CACHE_CONTROL, page.cacheControl());
			if (page.status() == HttpStatus.OK) {
				headers.setETag(page.etag());
			}
		});
		if (page.body().length == 0) {
			return response.build();
		}
		return response.contentType(page.contentType()).bodyValue(page.body());
	}

	private void count(ServerRequest request, UUID postId, ZoneId zone, CountKind kind, String source) {
		if (request.method() == HttpMethod.GET) {
			this.counts.count(postId, zone, source, kind);
		}
	}

	/** Counts a visit of a page served from memory without passing through a handler. */
	void countVisit(RenderedPage page, String utmSource) {
		if (page.postId() != null) {
			this.counts.count(page.postId(), page.zone(), visitSource(utmSource), CountKind.VISIT);
		}
	}

	Locale defaultLanguage() {
		return this.defaultLanguage;
	}

	/**
	 * Where a visit came from, as the link's {@code utm_source} says: a platform, a
	 * supporter's link, {@code direct} when the link had none, {@code other} for anything
	 * else. Nothing about the visitor is read.
	 */
	private static String visitSource(ServerRequest request) {
		return visitSource(request.queryParam("utm_source").orElse(null));
	}

	private static String visitSource(String utmSource) {
		return (utmSource != null) ? utmSource.strip().toLowerCase(Locale.ROOT) : "direct";
	}

	private RenderedPage html(String template, SiteLanguage language, String path, Map<String, Object> model,
			PublicPost post) {
		Context context = new Context(language.locale());
		context.setVariables(model);
		context.setVariable("site", new SiteView(language, this.homeSites.publicUrl(), path));
		String html = this.templates.process(template, context);
		return RenderedPage.html(HttpStatus.OK, html, this.pageCache, languageHeaders(language),
				(post != null) ? post.post().id() : null, (post != null) ? post.organisation().zone() : null);
	}

	private Mono<RenderedPage> notFound(SiteLanguage language, String path) {
		return Mono.fromSupplier(() -> {
			Context context = new Context(language.locale());
			context.setVariable("site", new SiteView(language, this.homeSites.publicUrl(), path));
			String html = this.templates.process("site/not-found", context);
			return RenderedPage.html(HttpStatus.NOT_FOUND, html, NOT_FOUND_CACHE, languageHeaders(language), null,
					null);
		});
	}

	private static Map<String, String> languageHeaders(SiteLanguage language) {
		Map<String, String> headers = new HashMap<>();
		headers.put(HttpHeaders.CONTENT_LANGUAGE, language.tag());
		if (!language.explicit()) {
			headers.put(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
		}
		return headers;
	}

	private String defaultTips(Locale locale) {
		return this.messages.getMessage("tips.default", null, locale);
	}

	private SiteLanguage language(ServerRequest request) {
		return SiteLanguage.of(request, this.defaultLanguage);
	}

	private static Optional<UUID> uuid(String value) {
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static byte[] read(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Missing " + resource, ex);
		}
	}

}
