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
 *
 * <p>
 * Once an upload is known to be refused nothing more is written, but the rest is read and
 * discarded, up to a bound, before the refusal is signalled: an HTTP client that is still
 * sending would otherwise lose the answer when the connection closes under it (the reason
 * web servers linger before they close).
 */
final class UploadReceiver {

	/** How much of a refused upload is read and discarded before giving up on it. */
	static final long DRAIN_LIMIT = 32 * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(UploadReceiver.class);

	private final long maxSize;

	private final long drainLimit;

	UploadReceiver(long maxSize) {
		this(maxSize, DRAIN_LIMIT);
	}

	UploadReceiver(long maxSize, long drainLimit) {
		this.maxSize = maxSize;
		this.drainLimit = drainLimit;
	}

	/**
	 * @param content the bytes; consumed once, each buffer released
	 * @param file where to write them; must not exist yet
	 * @return what was received; a {@link MediaRefused} error when the upload is too
	 * large, of a type Hubben does not take, or empty (once the rest has been read and
	 * discarded, or at once when the rest goes on beyond the drain limit); the error of
	 * {@code content} when that fails. On any error, and on cancellation, {@code file} is
	 * deleted.
	 */
	Mono<Received> receive(Flux<DataBuffer> content, Path file) {
		return Mono.defer(() -> {
			Progress progress = new Progress(this.maxSize, this.drainLimit);
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

		private final long drainLimit;

		private final MessageDigest digest;

		private final byte[] head = new byte[MediaSniffer.HEAD_SIZE];

		private int headLength;

		private long size;

		private SniffedType type;

		private MediaRefused refusal;

		private long drained;

		Progress(long maxSize, long drainLimit) {
			this.maxSize = maxSize;
			this.drainLimit = drainLimit;
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		void accept(DataBuffer buffer, SynchronousSink<DataBuffer> sink) {
			if (this.refusal != null) {
				drain(buffer, sink);
				return;
			}
			long next = this.size + buffer.readableByteCount();
			if (next > this.maxSize) {
				this.refusal = new MediaRefused(MediaRefused.Reason.TOO_LARGE,
						"The file is larger than the " + Sizes.display(this.maxSize) + " Hubben takes");
				drain(buffer, sink);
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
					this.refusal = unrecognised();
					DataBufferUtils.release(buffer);
					return;
				}
			}
			sink.next(buffer);
		}

		private void drain(DataBuffer buffer, SynchronousSink<DataBuffer> sink) {
			this.drained += buffer.readableByteCount();
			DataBufferUtils.release(buffer);
			if (this.drained > this.drainLimit) {
				sink.error(this.refusal);
			}
		}

		Received finish() {
			if (this.refusal != null) {
				throw this.refusal;
			}
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
