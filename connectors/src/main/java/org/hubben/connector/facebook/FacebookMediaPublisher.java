package org.hubben.connector.facebook;

import java.net.URI;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.MediaKind;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.facebook.FacebookConnector.Answer;
import org.hubben.connector.facebook.FacebookConnector.GraphError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Publishes a post with photos or a video to a Page:
 * <ul>
 * <li>one photo: {@code POST /{page-id}/photos} with the file in {@code source} and the
 * text as {@code caption}; the receipt is the story's {@code post_id};</li>
 * <li>several photos: each with {@code published=false}, then {@code POST
 * /{page-id}/feed} with {@code attached_media[i]={"media_fbid":…}};</li>
 * <li>a video: the chunked protocol on {@code graph-video} ({@code upload_phase=start},
 * one {@code transfer} per range Facebook asks for, {@code finish} with the text as
 * {@code description}); the receipt is the video id.</li>
 * </ul>
 * Photo and video posts have no {@code link} field, so the link goes at the end of the
 * caption or description, unless the text already holds it.
 *
 * <p>
 * The request that makes the post visible (the single photo, the {@code /feed} post,
 * {@code finish}) fails as {@link FacebookConnector#publish} does, {@link OutcomeUnknown}
 * included. The requests before it create nothing anyone sees, so their server errors,
 * timeouts and lost connections are {@link PlatformUnavailable}, never unknown.
 */
final class FacebookMediaPublisher {

	private static final String REAL_VIDEO_HOST = "https://graph-video.facebook.com";

	private static final int READ_BUFFER_BYTES = 64 * 1024;

	/**
	 * Extra time for a request that carries a file: the response timeout only starts once
	 * the body was written.
	 */
	private static final Duration UPLOAD_ALLOWANCE = Duration.ofMinutes(2);

	private static final Platform FACEBOOK = Platform.FACEBOOK;

	private static final JsonMapper JSON = JsonMapper.shared();

	private final FacebookConnector connector;

	private final WebClient webClient;

	private final Duration timeout;

	private final String version;

	FacebookMediaPublisher(FacebookConnector connector, WebClient webClient, Duration timeout, String version) {
		this.connector = connector;
		this.webClient = webClient;
		this.timeout = timeout;
		this.version = version;
	}

	/**
	 * @param graph the Graph API base URL
	 * @param video the base URL Facebook takes videos on (the emulator's is the same)
	 */
	Mono<PublishReceipt> publish(URI graph, URI video, PublishRequest request) {
		List<PublishMedia> media = request.media();
		long videos = media.stream().filter((medium) -> medium.kind() == MediaKind.VIDEO).count();
		if (videos > 0 && media.size() > 1) {
			return Mono.error(new PublishRefused(FACEBOOK,
					"Facebook refused: a Page post carries photos or one video, not both or several videos"));
		}
		String caption = withLink(request);
		if (videos == 1) {
			return video(graph, video, request.channel(), media.get(0), caption, request.title());
		}
		if (media.size() == 1) {
			return photo(graph, request.channel(), media.get(0), caption);
		}
		return Flux.fromIterable(media)
			.concatMap((photo) -> unpublishedPhoto(graph, request.channel(), photo))
			.collectList()
			.flatMap((ids) -> feedWithPhotos(graph, request.channel(), caption, ids));
	}

	/** The text with the link at its end, as Facebook shows no link field with media. */
	static String withLink(PublishRequest request) {
		String link = request.link().toString();
		String text = request.text();
		if (text.contains(link)) {
			return text;
		}
		return text.isBlank() ? link : text.stripTrailing() + "\n\n" + link;
	}

	private Mono<PublishReceipt> photo(URI graph, ChannelAccess channel, PublishMedia photo, String caption) {
		MultipartBodyBuilder multipart = new MultipartBodyBuilder();
		file(multipart, "source", photo, 0, photo.size());
		multipart.part("caption", caption);
		multipart.part("published", "true");
		multipart.part("access_token", channel.accessToken());
		return post(uri(graph, channel.accountId(), "photos"), multipart, this.timeout.plus(UPLOAD_ALLOWANCE))
			.map((answer) -> {
				if (!answer.status().is2xxSuccessful()) {
					throw this.connector.publishError(answer, channel);
				}
				String postId = answer.body().path("post_id").asString(answer.body().path("id").asString(""));
				if (postId.isEmpty()) {
					throw new OutcomeUnknown(FACEBOOK,
							"Facebook took the photo but answered without a post id; the post may exist", null);
				}
				return new PublishReceipt(postId, FacebookConnector.remoteUrl(graph, postId));
			});
	}

	private Mono<String> unpublishedPhoto(URI graph, ChannelAccess channel, PublishMedia photo) {
		MultipartBodyBuilder multipart = new MultipartBodyBuilder();
		file(multipart, "source", photo, 0, photo.size());
		multipart.part("published", "false");
		multipart.part("access_token", channel.accessToken());
		return post(uri(graph, channel.accountId(), "photos"), multipart, this.timeout.plus(UPLOAD_ALLOWANCE))
			.map((answer) -> idOf(answer, "id", channel, photo))
			.onErrorMap((ex) -> preparationFailure(ex, channel, photo));
	}

	private Mono<PublishReceipt> feedWithPhotos(URI graph, ChannelAccess channel, String caption, List<String> ids) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("message", caption);
		for (int i = 0; i < ids.size(); i++) {
			form.add("attached_media[" + i + "]", JSON.writeValueAsString(Map.of("media_fbid", ids.get(i))));
		}
		form.add("access_token", channel.accessToken());
		return this.webClient.post()
			.uri(uri(graph, channel.accountId(), "feed"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(FacebookConnector::answer)
			.timeout(this.timeout)
			.map((answer) -> this.connector.published(graph, answer, channel));
	}

	private Mono<PublishReceipt> video(URI graph, URI videoBase, ChannelAccess channel, PublishMedia video,
			String description, String title) {
		URI uri = uri(videoBase, channel.accountId(), "videos");
		MultiValueMap<String, String> start = new LinkedMultiValueMap<>();
		start.add("upload_phase", "start");
		start.add("file_size", String.valueOf(video.size()));
		start.add("access_token", channel.accessToken());
		return form(uri, start).map((answer) -> {
			if (!answer.status().is2xxSuccessful()) {
				throw preparationError(answer, channel, video);
			}
			return answer;
		}).onErrorMap((ex) -> preparationFailure(ex, channel, video)).flatMap((started) -> {
			String videoId = started.body().path("video_id").asString("");
			String session = started.body().path("upload_session_id").asString("");
			if (videoId.isEmpty() || session.isEmpty() || offset(started, "end_offset") <= 0) {
				return Mono.error(new PlatformUnavailable(FACEBOOK,
						"Facebook started no upload session for " + describe(video) + "; nothing was posted", null));
			}
			return transfer(uri, channel, video, session, offset(started, "start_offset"),
					offset(started, "end_offset"))
				.then(finish(graph, uri, channel, videoId, session, description, title));
		});
	}

	/** Sends the range Facebook asked for, then the next one, until it asks for none. */
	private Mono<Void> transfer(URI uri, ChannelAccess channel, PublishMedia video, String session, long start,
			long end) {
		if (start >= end || start >= video.size()) {
			return Mono.empty();
		}
		MultipartBodyBuilder multipart = new MultipartBodyBuilder();
		multipart.part("upload_phase", "transfer");
		multipart.part("upload_session_id", session);
		multipart.part("start_offset", String.valueOf(start));
		multipart.part("access_token", channel.accessToken());
		file(multipart, "video_file_chunk", video, start, Math.min(end, video.size()) - start);
		return post(uri, multipart, this.timeout.plus(UPLOAD_ALLOWANCE)).flatMap((answer) -> {
			if (!answer.status().is2xxSuccessful()) {
				return Mono.error(preparationError(answer, channel, video));
			}
			long next = offset(answer, "start_offset");
			if (next <= start) {
				return Mono.error(new PlatformUnavailable(FACEBOOK, "Facebook did not move on from byte " + start
						+ " of " + describe(video) + "; nothing was posted", null));
			}
			return transfer(uri, channel, video, session, next, offset(answer, "end_offset"));
		}).onErrorMap((ex) -> preparationFailure(ex, channel, video));
	}

	private Mono<PublishReceipt> finish(URI graph, URI uri, ChannelAccess channel, String videoId, String session,
			String description, String title) {
		MultiValueMap<String, String> finish = new LinkedMultiValueMap<>();
		finish.add("upload_phase", "finish");
		finish.add("upload_session_id", session);
		finish.add("description", description);
		if (title != null && !title.isBlank()) {
			finish.add("title", title);
		}
		finish.add("access_token", channel.accessToken());
		return form(uri, finish).map((answer) -> {
			if (!answer.status().is2xxSuccessful()) {
				throw this.connector.publishError(answer, channel);
			}
			if (!answer.body().path("success").asBoolean(false)) {
				throw new OutcomeUnknown(FACEBOOK,
						"Facebook finished the video upload without confirming the post; the post may exist", null);
			}
			return new PublishReceipt(videoId, FacebookConnector.remoteUrl(graph, videoId));
		});
	}

	private Mono<Answer> form(URI uri, MultiValueMap<String, String> form) {
		return this.webClient.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(FacebookConnector::answer)
			.timeout(this.timeout);
	}

	private Mono<Answer> post(URI uri, MultipartBodyBuilder multipart, Duration timeout) {
		return this.webClient.post()
			.uri(uri)
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromMultipartData(multipart.build()))
			.exchangeToMono(FacebookConnector::answer)
			.timeout(timeout);
	}

	/**
	 * Adds {@code length} bytes of the file from {@code offset}, read as they are sent.
	 */
	private static void file(MultipartBodyBuilder multipart, String name, PublishMedia media, long offset,
			long length) {
		Flux<DataBuffer> bytes = DataBufferUtils.takeUntilByteCount(DataBufferUtils.readAsynchronousFileChannel(
				() -> AsynchronousFileChannel.open(media.file(), StandardOpenOption.READ), offset,
				DefaultDataBufferFactory.sharedInstance, READ_BUFFER_BYTES), length);
		multipart.asyncPart(name, bytes, DataBuffer.class)
			.filename(media.filename())
			.contentType(MediaType.parseMediaType(media.contentType()));
	}

	private URI uri(URI base, String pageId, String edge) {
		return UriComponentsBuilder.fromUri(base).pathSegment(this.version, pageId, edge).build().encode().toUri();
	}

	private String idOf(Answer answer, String field, ChannelAccess channel, PublishMedia media) {
		if (!answer.status().is2xxSuccessful()) {
			throw preparationError(answer, channel, media);
		}
		String id = answer.body().path(field).asString("");
		if (id.isEmpty()) {
			throw new PlatformUnavailable(FACEBOOK,
					"Facebook answered without an id for " + describe(media) + "; nothing was posted", null);
		}
		return id;
	}

	private static long offset(Answer answer, String field) {
		try {
			return Long.parseLong(answer.body().path(field).asString("").trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * A Graph error on a request that makes nothing visible: authorisation and throttling
	 * as always, a server error as an outage, anything else as a refusal of the medium.
	 */
	private ConnectorException preparationError(Answer answer, ChannelAccess channel, PublishMedia media) {
		GraphError error = GraphError.of(answer.body());
		ConnectorException common = this.connector.commonError(answer, error, channel);
		if (common != null) {
			return common;
		}
		if (error.code() == 1 || error.code() == 2 || answer.status().is5xxServerError()) {
			return new PlatformUnavailable(FACEBOOK,
					"Facebook failed while taking " + describe(media) + "; nothing was posted", null);
		}
		return new PublishRefused(FACEBOOK,
				"Facebook refused " + describe(media) + ": " + FacebookConnector.describe(answer, error, channel));
	}

	private static ConnectorException preparationFailure(Throwable ex, ChannelAccess channel, PublishMedia media) {
		if (ex instanceof ConnectorException connectorException) {
			return connectorException;
		}
		if (FacebookConnector.has(ex, TimeoutException.class)
				|| FacebookConnector.has(ex, ReadTimeoutException.class)) {
			return new PlatformUnavailable(FACEBOOK,
					"Facebook did not answer while taking " + describe(media) + "; nothing was posted", ex);
		}
		return new PlatformUnavailable(FACEBOOK, "Facebook's answer was lost while taking " + describe(media) + " ("
				+ FacebookConnector.safeMessage(ex, channel) + "); nothing was posted", ex);
	}

	static String describe(PublishMedia media) {
		return ((media.kind() == MediaKind.VIDEO) ? "the video" : "the photo") + " \"" + media.filename() + "\"";
	}

	/** Where Facebook takes videos; an emulator takes them on its one base URL. */
	static URI videoBase() {
		return URI.create(REAL_VIDEO_HOST);
	}

}
