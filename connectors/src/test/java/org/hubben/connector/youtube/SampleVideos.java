package org.hubben.connector.youtube;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Files that look like MP4 video to a content sniffer: an {@code ftyp} box, then an
 * {@code mdat} box of seeded random bytes, so every test gets the same bytes.
 */
public final class SampleVideos {

	private SampleVideos() {
	}

	/**
	 * @param size the file size in bytes, at least 40
	 * @return the bytes
	 */
	public static byte[] mp4(int size) {
		if (size < 40) {
			throw new IllegalArgumentException("An MP4 needs at least 40 bytes here");
		}
		ByteBuffer bytes = ByteBuffer.allocate(size);
		bytes.putInt(32).put(ascii("ftyp")).put(ascii("isom")).putInt(0x200);
		bytes.put(ascii("isom")).put(ascii("iso2")).put(ascii("avc1")).put(ascii("mp41"));
		bytes.putInt(size - 32).put(ascii("mdat"));
		byte[] payload = new byte[size - 40];
		new Random(size).nextBytes(payload);
		bytes.put(payload);
		return bytes.array();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
