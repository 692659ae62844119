package org.hubben.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

class UploadReceiverTests {

	@TempDir
	Path directory;

	private static Flux<DataBuffer> chunks(byte[] bytes, int chunkSize, AtomicInteger emitted) {
		List<byte[]> chunks = new ArrayList<>();
		for (int offset = 0; offset < bytes.length; offset += chunkSize) {
			chunks.add(java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + chunkSize)));
		}
		return Flux.fromIterable(chunks)
			.map((chunk) -> (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(chunk))
			.doOnNext((chunk) -> emitted.incrementAndGet());
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	@Test
	void writesTheFileAndReportsItsTypeSizeAndSha256() throws Exception {
		byte[] jpeg = SampleMedia.image("jpeg", 200, 150);
		Path file = this.directory.resolve("upload.part");
		StepVerifier.create(new UploadReceiver(1_000_000).receive(chunks(jpeg, 1000, new AtomicInteger()), file))
			.assertNext((received) -> {
				assertThat(received.type()).isEqualTo(SniffedType.JPEG);
				assertThat(received.size()).isEqualTo(jpeg.length);
			})
			.verifyComplete();
		assertThat(file).hasBinaryContent(jpeg);
		UploadReceiver.Received received = new UploadReceiver(1_000_000)
			.receive(chunks(jpeg, 333, new AtomicInteger()), this.directory.resolve("again.part"))
			.blockOptional()
			.orElseThrow();
		assertThat(received.sha256()).isEqualTo(sha256(jpeg));
	}

	@Test
	void refusesAFileOverTheLimitOnceItHasReadTheRest() {
		byte[] video = SampleMedia.concat(SampleMedia.mp4(), new byte[100_000]);
		AtomicInteger emitted = new AtomicInteger();
		Path file = this.directory.resolve("large.part");
		StepVerifier.create(new UploadReceiver(10_000).receive(chunks(video, 1000, emitted), file))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MediaRefused.class)
				.hasMessage("The file is larger than the 9.8 KB Hubben takes")
				.extracting((refused) -> ((MediaRefused) refused).reason())
				.isEqualTo(MediaRefused.Reason.TOO_LARGE))
			.verify(Duration.ofSeconds(5));
		assertThat(emitted.get()).as("read to the end, for the client to hear the answer").isEqualTo(103);
		assertThat(file).doesNotExist();
	}

	@Test
	void givesUpReadingARefusedFileThatGoesOnBeyondTheDrainLimit() {
		byte[] video = SampleMedia.concat(SampleMedia.mp4(), new byte[1_000_000]);
		AtomicInteger emitted = new AtomicInteger();
		Path file = this.directory.resolve("huge.part");
		StepVerifier.create(new UploadReceiver(10_000, 20_000).receive(chunks(video, 1000, emitted), file))
			.expectErrorSatisfies(
					(ex) -> assertThat(((MediaRefused) ex).reason()).isEqualTo(MediaRefused.Reason.TOO_LARGE))
			.verify(Duration.ofSeconds(5));
		assertThat(emitted.get()).isLessThan(40);
		assertThat(file).doesNotExist();
	}

	@Test
	void refusesUnknownBytesAndWritesNothingOnceItsHeadIsIn() {
		byte[] text = SampleMedia.text("Not a photo. ".repeat(10_000));
		Path file = this.directory.resolve("text.part");
		StepVerifier
			.create(new UploadReceiver(1_000_000).receive(
					chunks(text, 1000, new AtomicInteger()).doOnComplete(() -> assertThat(size(file)).isEqualTo(4000)),
					file))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MediaRefused.class)
				.hasMessageContaining("Hubben cannot tell what this file is")
				.hasMessageContaining("JPEG")
				.hasMessageContaining("MP4"))
			.verify(Duration.ofSeconds(5));
		assertThat(file).doesNotExist();
	}

	@Test
	void refusesAShortFileOfUnknownType() {
		Path file = this.directory.resolve("short.part");
		StepVerifier
			.create(new UploadReceiver(1_000_000).receive(chunks(SampleMedia.text("hello"), 1000, new AtomicInteger()),
					file))
			.expectErrorSatisfies(
					(ex) -> assertThat(((MediaRefused) ex).reason()).isEqualTo(MediaRefused.Reason.UNRECOGNISED))
			.verify(Duration.ofSeconds(5));
		assertThat(file).doesNotExist();
	}

	@Test
	void refusesAnEmptyFile() {
		Path file = this.directory.resolve("empty.part");
		StepVerifier.create(new UploadReceiver(1_000_000).receive(Flux.empty(), file))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessage("The file is empty"))
			.verify(Duration.ofSeconds(5));
		assertThat(file).doesNotExist();
	}

	@Test
	void deletesThePartialFileWhenTheStreamIsCutShort() {
		byte[] video = SampleMedia.concat(SampleMedia.mp4(), new byte[50_000]);
		Path file = this.directory.resolve("cut.part");
		Flux<DataBuffer> cut = Flux.concat(chunks(video, 1000, new AtomicInteger()).take(30),
				Flux.error(new IOException("Connection reset by peer")));
		StepVerifier.create(new UploadReceiver(1_000_000).receive(cut, file))
			.expectErrorMessage("Connection reset by peer")
			.verify(Duration.ofSeconds(5));
		assertThat(file).doesNotExist();
	}

	@Test
	void deletesThePartialFileWhenTheUploadIsCancelled() throws Exception {
		Sinks.Many<DataBuffer> content = Sinks.many().unicast().onBackpressureBuffer();
		Path file = this.directory.resolve("cancelled.part");
		byte[] video = SampleMedia.mp4();
		var subscription = new UploadReceiver(1_000_000).receive(content.asFlux(), file).subscribe();
		content.tryEmitNext(DefaultDataBufferFactory.sharedInstance.wrap(video));
		awaitTrue(() -> Files.exists(file) && size(file) == video.length);
		subscription.dispose();
		awaitTrue(() -> !Files.exists(file));
		assertThat(file).doesNotExist();
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** Polls briefly: the file system calls run on another thread. */
	private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(5);
		while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
			Thread.sleep(10);
		}
	}

}
