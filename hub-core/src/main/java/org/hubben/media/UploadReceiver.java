package org.hubben.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Writes one upload to a file as it streams in, without blocking and without holding more
 * than one buffer and its first {@link MediaSniffer#HEAD_SIZE} bytes in memory, while it
 * counts the size against a limit, computes the SHA-256 and sniffs the type.
 */
final class UploadReceiver {

	private static final Logger logger = LoggerFactory.getLogger(UploadReceiver.class);

	private final long maxSize;

	UploadReceiver(long maxSize) {
		this.maxSize = maxSize;
	}

	/**
	 * @param content the bytes; consumed once, each buffer released
	 * @param file where to write them; must not exist yet
	 * @return what was received; a {@link MediaRefused} error as soon as the upload turns
	 * out too large or of a type Hubben does not take (without reading the rest), or when
	 * it is empty; the error of {@code content} when that fails. On any error, and on
	 * cancellation, {@code file} is deleted.
	 */
	Mono<Received> receive(Flux<DataBuffer> content, Path file) {
		return Mono.defer(() -> {
			Progress progress = new Progress(this.maxSize);
			return DataBufferUtils
				.write(content.handle(progress::accept), file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
				.then(Mono.fromCallable(progress::finish));
		})
			.onErrorResume((ex) -> deleteIfExists(file).then(Mono.error(ex)))
			.doOnCancel(() -> deleteIfExists(file).subscribe());
	}

	static Mono<Void> deleteIfExists(Path file) {
		return Mono.fromCallable(() -> {
			try {
				return Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).subscribeOn(Schedulers.boundedElastic()).onErrorResume((ex) -> {
			logger.warn("Could not delete {}", file, ex);
			return Mono.empty();
		}).then();
	}

	/**
	 * A complete upload.
	 *
	 * @param type the type sniffed from its first bytes
	 * @param size its size in bytes
	 * @param sha256 its SHA-256, lower-case hex
	 */
	record Received(SniffedType type, long size, String sha256) {

	}

	/**
	 * What is known of an upload while it streams: its size so far, its digest, and its
	 * first bytes until they are enough to sniff its type.
	 */
	private static final class Progress {

		private final long maxSize;

		private final MessageDigest digest;

		private final byte[] head = new byte[MediaSniffer.HEAD_SIZE];

		private int headLength;

		private long size;

		private SniffedType type;

		Progress(long maxSize) {
			this.maxSize = maxSize;
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		void accept(DataBuffer buffer, SynchronousSink<DataBuffer> sink) {
			long next = this.size + buffer.readableByteCount();
			if (next > this.maxSize) {
				DataBufferUtils.release(buffer);
				sink.error(new MediaRefused(MediaRefused.Reason.TOO_LARGE,
						"The file is larger than the " + Sizes.display(this.maxSize) + " Hubben takes"));
				return;
			}
			try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
				while (buffers.hasNext()) {
					ByteBuffer bytes = buffers.next();
					if (this.headLength < this.head.length) {
						int count = Math.min(bytes.remaining(), this.head.length - this.headLength);
						bytes.duplicate().get(this.head, this.headLength, count);
						this.headLength += count;
					}
					this.digest.update(bytes);
				}
			}
			this.size = next;
			if (this.type == null && this.headLength == this.head.length) {
				this.type = MediaSniffer.sniff(this.head, this.headLength).orElse(null);
				if (this.type == null) {
					DataBufferUtils.release(buffer);
					sink.error(unrecognised());
					return;
				}
			}
			sink.next(buffer);
		}

		Received finish() {
			if (this.size == 0) {
				throw new MediaRefused(MediaRefused.Reason.EMPTY, "The file is empty");
			}
			if (this.type == null) {
				this.type = MediaSniffer.sniff(this.head, this.headLength).orElseThrow(Progress::unrecognised);
			}
			return new Received(this.type, this.size, HexFormat.of().formatHex(this.digest.digest()));
		}

		private static MediaRefused unrecognised() {
			return new MediaRefused(MediaRefused.Reason.UNRECOGNISED,
					"Hubben cannot tell what this file is; it takes " + SniffedType.accepted());
		}

	}

}
