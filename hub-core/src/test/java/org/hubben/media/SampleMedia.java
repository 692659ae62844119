package org.hubben.media;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.imageio.ImageIO;

/**
 * Real bytes of each type: images written by {@code javax.imageio}, video headers built
 * by hand as the formats define them.
 */
public final class SampleMedia {

	private SampleMedia() {
	}

	/**
	 * @param format an ImageIO format name: {@code jpeg}, {@code png}, {@code gif},
	 * {@code bmp}, {@code tiff}
	 */
	public static byte[] image(String format, int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++) {
				image.setRGB(x, y, new Color((x * 7) % 256, (y * 11) % 256, ((x + y) * 13) % 256).getRGB());
			}
		}
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

	/** A RIFF container holding a WebP image chunk. */
	public static byte[] webp() {
		byte[] chunk = padded(ascii("VP8L"), 64);
		return concat(ascii("RIFF"), littleEndian(4 + chunk.length), ascii("WEBP"), chunk);
	}

	/**
	 * An ISO base media file: an {@code ftyp} box with the brands, then a {@code free}
	 * and an {@code mdat} box.
	 */
	public static byte[] isoMedia(String majorBrand, String... compatibleBrands) {
		byte[] brands = new byte[0];
		for (String brand : compatibleBrands) {
			brands = concat(brands, ascii(brand));
		}
		byte[] ftyp = concat(bigEndian(16 + brands.length), ascii("ftyp"), ascii(majorBrand), bigEndian(0x200), brands);
		byte[] free = concat(bigEndian(8), ascii("free"));
		byte[] payload = new byte[2048];
		Arrays.fill(payload, (byte) 0x42);
		byte[] mdat = concat(bigEndian(8 + payload.length), ascii("mdat"), payload);
		return concat(ftyp, free, mdat);
	}

	public static byte[] mp4() {
		return isoMedia("isom", "isom", "iso2", "avc1", "mp41");
	}

	public static byte[] quickTime() {
		return isoMedia("qt  ", "qt  ");
	}

	/**
	 * An EBML header as Matroska muxers write it, with the DocType, then the start of a
	 * Segment of unknown size.
	 */
	public static byte[] ebml(String docType) {
		byte[] children = concat(element(0x4286, 1), element(0x42F7, 1), element(0x42F2, 4), element(0x42F3, 8),
				new byte[] { 0x42, (byte) 0x82, (byte) (0x80 | docType.length()) }, ascii(docType), element(0x4287, 4),
				element(0x4285, 2));
		byte[] header = concat(new byte[] { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) (0x80 | children.length) },
				children);
		byte[] segment = { 0x18, 0x53, (byte) 0x80, 0x67, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
				(byte) 0xFF, (byte) 0xFF, (byte) 0xFF };
		return padded(concat(header, segment), 2048);
	}

	public static byte[] text(String text) {
		return ascii(text);
	}

	private static byte[] element(int id, int value) {
		return new byte[] { (byte) (id >> 8), (byte) id, (byte) 0x81, (byte) value };
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] bigEndian(int value) {
		return new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
	}

	private static byte[] littleEndian(int value) {
		return new byte[] { (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24) };
	}

	private static byte[] padded(byte[] bytes, int length) {
		return Arrays.copyOf(bytes, Math.max(bytes.length, length));
	}

	public static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
