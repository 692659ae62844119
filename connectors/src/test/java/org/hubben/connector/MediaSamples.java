package org.hubben.connector;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Real media bytes for tests: images drawn and encoded with {@code javax.imageio}, and
 * ISO base media files (MP4, QuickTime) whose boxes a sniffer recognises, filled with
 * repeatable noise up to an exact size.
 */
public final class MediaSamples {

	private MediaSamples() {
	}

	/**
	 * @param format an {@link ImageIO} format name: {@code png}, {@code jpeg},
	 * {@code gif} or {@code bmp}
	 * @param seed varies the picture, so that two samples differ
	 * @return a small encoded image
	 */
	public static byte[] image(String format, int seed) {
		BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(new Color(new Random(seed).nextInt(0xFFFFFF)));
		graphics.fillRect(0, 0, 32, 24);
		graphics.setColor(Color.WHITE);
		graphics.drawString(String.valueOf(seed), 2, 18);
		graphics.dispose();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, format, bytes)) {
				throw new IllegalArgumentException("No ImageIO writer for " + format);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * @return {@code size} bytes that open with a {@code ftyp} box of brand {@code isom}
	 * and continue with an {@code mdat} box of noise
	 */
	public static byte[] mp4(int size) {
		return isoMedia(size, "isom");
	}

	/**
	 * @return {@code size} bytes that open with a {@code ftyp} box of brand {@code qt}
	 */
	public static byte[] quickTime(int size) {
		return isoMedia(size, "qt  ");
	}

	/**
	 * @param head the bytes the sample opens with (0 to 255), such as a JPEG's
	 * {@code 0xFF, 0xD8, 0xFF}
	 * @return {@code size} bytes: {@code head}, then noise
	 */
	public static byte[] noise(int size, int... head) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		for (int i = 0; i < Math.min(head.length, size); i++) {
			bytes[i] = (byte) head[i];
		}
		return bytes;
	}

	public static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] isoMedia(int size, String brand) {
		if (size < 32) {
			throw new IllegalArgumentException("An ISO media sample needs at least 32 bytes");
		}
		byte[] bytes = noise(size);
		int at = box(bytes, 0, 20, "ftyp");
		at = put(bytes, at, brand);
		at = put(bytes, at, "\0\0\0\0");
		at = put(bytes, at, brand);
		box(bytes, at, size - at, "mdat");
		return bytes;
	}

	private static int box(byte[] bytes, int at, int length, String type) {
		bytes[at] = (byte) (length >>> 24);
		bytes[at + 1] = (byte) (length >>> 16);
		bytes[at + 2] = (byte) (length >>> 8);
		bytes[at + 3] = (byte) length;
		return put(bytes, at + 4, type);
	}

	private static int put(byte[] bytes, int at, String ascii) {
		byte[] text = ascii.getBytes(StandardCharsets.ISO_8859_1);
		System.arraycopy(text, 0, bytes, at, text.length);
		return at + text.length;
	}

}
