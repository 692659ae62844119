package org.hubben.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hubben.organisation.Action;
import org.hubben.media.MediaFile;
import org.hubben.media.MediaStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code /api/media}: upload an image or a video once, then attach it to posts by its id.
 * The upload streams into the media store as it arrives; the content is served back with
 * the type sniffed when it was stored. {@code /media/{id}/content} serves the same bytes
 * to the logged-in pages (thumbnails on the compose page).
 */
@ApiController
@Tag(name = "Media", description = "Images and videos, uploaded once and attached to posts by id")
class MediaApi {

	static final String FILE_PART = "file";

	private final MediaStore mediaStore;

	private final CurrentMember currentMember;

	MediaApi(MediaStore mediaStore, CurrentMember currentMember) {
		this.mediaStore = mediaStore;
		this.currentMember = currentMember;
	}

	@PostMapping(path = "/api/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "uploadMedia", summary = "Upload an image or a video",
			description = "The type is read from the bytes, never from the file name or the client's content type.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @Schema(implementation = UploadForm.class))))
	@ApiResponse(responseCode = "201", description = "The stored medium")
	@ApiResponse(responseCode = "413", description = "The file is larger than the media limit",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/" + ApiDocumentation.PROBLEM)))
	@ApiResponse(responseCode = "415", description = "The bytes are no image or video type Hubben takes",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/" + ApiDocumentation.PROBLEM)))
	Mono<ResponseEntity<MediaJson>> upload(@RequestBody Flux<PartEvent> parts, Principal principal) {
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> firstFile(parts,
					(file, content) -> this.mediaStore.store(member.organisationId(), member.username(),
							file.filename(), content)))
			.switchIfEmpty(Mono.error(() -> new InvalidRequest(Map.of(FILE_PART,
					"Send the file as a multipart/form-data part named '" + FILE_PART + "', with a filename"))))
			.map((media) -> ResponseEntity.created(URI.create("/api/media/" + media.id())).body(MediaJson.of(media)));
	}

	/**
	 * Stores the first file part named {@link #FILE_PART} as it streams in, and reads the
	 * other parts to their end without keeping them.
	 */
	private static Mono<MediaFile> firstFile(Flux<PartEvent> parts, FileStorer storer) {
		AtomicBoolean taken = new AtomicBoolean();
		return parts.windowUntil(PartEvent::isLast).concatMap((part) -> part.switchOnFirst((first, events) -> {
			if (first.get() instanceof FilePartEvent file && FILE_PART.equals(file.name())
					&& taken.compareAndSet(false, true)) {
				return storer.store(file, events.map(PartEvent::content));
			}
			return events.doOnNext((event) -> DataBufferUtils.release(event.content())).then(Mono.empty());
		})).collectList().flatMap((stored) -> Mono.justOrEmpty(stored.isEmpty() ? null : stored.get(0)));
	}

	@GetMapping("/api/media/{id}")
	@Operation(operationId = "getMedia", summary = "Get a medium's details")
	Mono<MediaJson> one(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.mediaStore.find(id, member.organisationId()))
			.map(MediaJson::of);
	}

	@GetMapping({ "/api/media/{id}/content", "/media/{id}/content" })
	@Operation(operationId = "downloadMedia", summary = "Download a medium's bytes",
			description = "Served with the type sniffed when it was stored.")
	@ApiResponse(responseCode = "200", description = "The bytes",
			content = @Content(mediaType = "application/octet-stream",
					schema = @Schema(type = "string", format = "binary")))
	Mono<ResponseEntity<Resource>> content(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.mediaStore.find(id, member.organisationId()))
			.map((media) -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(media.contentType()))
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.inline()
							.filename(media.filename(), StandardCharsets.UTF_8)
							.build()
							.toString())
				.header("X-Content-Type-Options", "nosniff")
				// Served bytes are never a document that could run in Hubben's origin.
				.header("Content-Security-Policy", "default-src 'none'; sandbox")
				.body(this.mediaStore.contentOf(media)));
	}

	/**
	 * The upload's form, for the API's description only: the one part Hubben reads.
	 *
	 * @param file the image or video, with a filename
	 */
	record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
			description = "The image or video, with a filename") String file) {

	}

	private interface FileStorer {

		Mono<MediaFile> store(FilePartEvent file, Flux<DataBuffer> content);

	}

	/**
	 * One stored medium, as the API shows it.
	 *
	 * @param kind {@code image} or {@code video}
	 * @param contentType the type sniffed from the bytes
	 */
	record MediaJson(UUID id, String kind, String contentType, long size, String filename, String sha256) {

		static MediaJson of(MediaFile media) {
			return new MediaJson(media.id(), media.kind().name().toLowerCase(Locale.ROOT), media.contentType(),
					media.size(), media.filename(), media.sha256());
		}

	}

}
