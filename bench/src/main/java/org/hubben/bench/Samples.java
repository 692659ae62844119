package org.hubben.bench;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.imageio.ImageIO;

/** The small photo and video the burst's posts carry. */
final class Samples {

	private Samples() {
	}

	static byte[] jpeg() {
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < 40; x++) {
			for (int y = 0; y < 30; y++) {
				image.setRGB(x, y, new Color((x * 7) % 256, (y * 11) % 256, ((x + y) * 13) % 256).getRGB());
			}
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "jpeg", bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** An {@code ftyp} box with the {@code isom} brand, then an {@code mdat} box. */
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

}
