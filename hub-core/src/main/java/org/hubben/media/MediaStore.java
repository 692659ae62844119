package org.hubben.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;

import org.hubben.connector.PublishMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * Stores uploaded images and videos and finds them again. Every method is non-blocking:
 * bytes are written with an asynchronous file channel as they arrive, and the few
 * file-system calls that block (creating a directory, moving, deleting) run on the
 * bounded elastic scheduler.
 *
 * <p>
 * An upload streams to a temporary file under {@code <media directory>/.incoming} while
 * its size is counted against {@code hubben.media.max-size}, its SHA-256 computed and its
 * type sniffed from its first bytes; it never sits in memory whole. Only a complete,
 * recognised file is moved into place (in {@code <organisation id>/<media id>.<ext>}) and
 * recorded; anything else, including an upload that is cut short or cancelled, leaves no
 * file behind.
 */
@Service
public class MediaStore {

	private static final Logger logger = LoggerFactory.getLogger(MediaStore.class);

	static final String INCOMING = ".incoming";

	private final MediaFiles files;

	private final R2dbcEntityTemplate template;

	private final Path directory;

	private final long maxSize;

	private final UploadReceiver receiver;

	private final Clock clock;

	MediaStore(MediaFiles files, R2dbcEntityTemplate template, MediaProperties properties, Clock clock) {
		this.files = files;
		this.template = template;
		this.directory = properties.directory().toAbsolutePath().normalize();
		this.maxSize = properties.maxSize().toBytes();
		this.receiver = new UploadReceiver(this.maxSize);
		this.clock = clock;
	}

	/**
	 * Stores one upload.
	 * @param organisationId the organisation it belongs to
	 * @param uploadedBy the username of who uploads it
	 * @param filename the name the client gave it, kept (sanitised) for people only; may
	 * be {@code null}
	 * @param content the bytes; consumed once, each buffer released
	 * @return the stored medium; a {@link MediaRefused} error when the file is empty, too
	 * large or not a type Hubben takes (refused as soon as that is known, without reading
	 * the rest), or the error of {@code content} when it fails. No file is left behind in
	 * any of those cases.
	 */
	public Mono<MediaFile> store(UUID organisationId, String uploadedBy, String filename, Flux<DataBuffer> content) {
		UUID id = UUID.randomUUID();
		Path incoming = this.directory.resolve(INCOMING).resolve(id + ".part");
		return blocking(() -> Files.createDirectories(incoming.getParent()))
			.then(this.receiver.receive(content, incoming))
			.flatMap((received) -> keep(incoming,
					new MediaFile(id, organisationId, received.type().kind(), received.type().contentType(),
							received.size(), received.sha256(), Filenames.sanitise(filename, received.type()),
							organisationId + "/" + id + "." + received.type().extension(), uploadedBy,
							this.clock.instant())))
			.doOnCancel(() -> UploadReceiver.deleteIfExists(incoming).subscribe());
	}

	private Mono<MediaFile> keep(Path temporary, MediaFile media) {
		Path target = resolve(media);
		return blocking(() -> {
			Files.createDirectories(target.getParent());
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target);
			}
			return target;
		}).then(this.template.insert(media))
			.onErrorResume((ex) -> UploadReceiver.deleteIfExists(temporary)
				.then(UploadReceiver.deleteIfExists(target))
				.then(Mono.error(ex)))
			.doOnNext((stored) -> logger.info("Stored {} ({}, {} bytes) as {}", stored.id(), stored.contentType(),
					stored.size(), stored.storedPath()));
	}

	/**
	 * Copies a stored medium into another organisation, as a file and a record of its
	 * own: each organisation uses only its own media, and the copy stays when the
	 * original goes.
	 * @param media the medium to copy
	 * @param organisationId the organisation the copy belongs to
	 * @param copiedBy the username of who asks
	 * @return the copy; the file system's error when the file cannot be copied (nothing
	 * is left behind)
	 */
	public Mono<MediaFile> copy(MediaFile media, UUID organisationId, String copiedBy) {
		UUID id = UUID.randomUUID();
		String path = media.storedPath();
		String extension = path.substring(path.lastIndexOf('.') + 1);
		MediaFile copy = new MediaFile(id, organisationId, media.kind(), media.contentType(), media.size(),
				media.sha256(), media.filename(), organisationId + "/" + id + "." + extension, copiedBy,
				this.clock.instant());
		Path incoming = this.directory.resolve(INCOMING).resolve(id + ".part");
		return blocking(() -> {
			Files.createDirectories(incoming.getParent());
			return Files.copy(resolve(media), incoming);
		}).then(keep(incoming, copy));
	}

	/**
	 * @return the medium; a {@link MediaNotFound} error when there is none or it belongs
	 * to another organisation
	 */
	public Mono<MediaFile> find(UUID id, UUID organisationId) {
		return this.files.findById(id)
			.filter((media) -> media.organisationId().equals(organisationId))
			.switchIfEmpty(Mono.error(() -> new MediaNotFound(id)));
	}

	/**
	 * @return the media among {@code ids} that exist, of any organisation, in no
	 * particular order
	 */
	public Flux<MediaFile> findAll(Collection<UUID> ids) {
		return ids.isEmpty() ? Flux.empty() : this.files.findAllById(ids);
	}

	/**
	 * @return the stored file of a medium, inside the media directory
	 */
	public Path pathOf(MediaFile media) {
		return resolve(media);
	}

	/**
	 * @return the stored bytes, for serving them back
	 */
	public Resource contentOf(MediaFile media) {
		return new FileSystemResource(resolve(media));
	}

	/**
	 * @return the medium as a connector uploads it; a {@link MediaMissing} error when its
	 * file is not there with its recorded size
	 */
	public Mono<PublishMedia> publishable(MediaFile media) {
		Path file = resolve(media);
		return blocking(
				() -> Files.isRegularFile(file) && Files.size(file) == media.size())
			.flatMap((present) -> present ? Mono.just(new PublishMedia(media.id(), media.kind(), media.contentType(),
					media.size(), media.filename(), file)) : Mono.error(() -> new MediaMissing(media)));
	}

	/** The largest file {@link #store} accepts. */
	public long maxSize() {
		return this.maxSize;
	}

	private Path resolve(MediaFile media) {
		Path file = this.directory.resolve(media.storedPath()).normalize();
		if (!file.startsWith(this.directory)) {
			throw new IllegalStateException("Medium " + media.id() + " points outside the media directory");
		}
		return file;
	}

	private static <T> Mono<T> blocking(FileCall<T> call) {
		return Mono.fromCallable(() -> {
			try {
				return call.call();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private interface FileCall<T> {

		T call() throws IOException;

	}

}
