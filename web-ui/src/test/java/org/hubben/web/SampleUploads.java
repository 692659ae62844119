package org.hubben.web;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.imageio.ImageIO;

import org.hubben.media.MediaFile;
import org.hubben.media.MediaStore;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.MultiValueMap;

/** Files to upload: images written by ImageIO, a video whose header is built by hand. */
public final class SampleUploads {

	private SampleUploads() {
	}

	/** An image in an ImageIO format ({@code jpeg}, {@code png}); the seed varies it. */
	static byte[] image(String format, int seed) {
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < 40; x++) {
			for (int y = 0; y < 30; y++) {
				image.setRGB(x, y, new Color((x * 7 + seed) % 256, (y * 11) % 256, ((x + y) * 13) % 256).getRGB());
			}
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, format, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public static byte[] jpeg() {
		return image("jpeg", 0);
	}

	/**
	 * An MP4 file's start: an {@code ftyp} box with the {@code isom} brand, then an
	 * {@code mdat} box of {@code payload} bytes.
	 */
	static byte[] mp4(int payload) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(new byte[] { 0, 0, 0, 0x18 });
		bytes.writeBytes("ftypisom".getBytes(StandardCharsets.ISO_8859_1));
		bytes.writeBytes(new byte[] { 0, 0, 2, 0 });
		bytes.writeBytes("isomavc1".getBytes(StandardCharsets.ISO_8859_1));
		int size = 8 + payload;
		bytes.writeBytes(new byte[] { (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size });
		bytes.writeBytes("mdat".getBytes(StandardCharsets.ISO_8859_1));
		byte[] data = new byte[payload];
		Arrays.fill(data, (byte) 0x5A);
		bytes.writeBytes(data);
		return bytes.toByteArray();
	}

	public static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stores an image directly for a region, bypassing the API, whose administrator
	 * belongs to the centre.
	 */
	static MediaFile storedForARegion(MediaStore mediaStore, Organisations organisations) {
		Organisation region = organisations.findAll()
			.filter((organisation) -> organisation.parentId() != null)
			.next()
			.blockOptional()
			.orElseThrow();
		Flux<DataBuffer> content = Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(jpeg()));
		return mediaStore.store(region.id(), "region-editor", "region.jpg", content).blockOptional().orElseThrow();
	}

	/** A multipart body with one file part. */
	public static MultiValueMap<String, HttpEntity<?>> filePart(String name, byte[] bytes, String filename,
			MediaType contentType) {
		MultipartBodyBuilder builder = new MultipartBodyBuilder();
		builder.part(name, bytes).filename(filename).contentType(contentType);
		return builder.build();
	}

}
