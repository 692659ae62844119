package org.hubben.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a file's type from its first bytes: magic numbers for images, the
 * {@code ftyp} box's brands for MP4 and QuickTime, and the EBML header's DocType for WebM
 * and Matroska. The client's content type and file name are never consulted.
 */
public final class MediaSniffer {

	/** How many leading bytes {@link #sniff} needs at most to decide. */
	public static final int HEAD_SIZE = 4096;

	/** Brands of the ISO base media file format that make a file MP4 video. */
	private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8",
			"iso9", "mp41", "mp42", "mp71", "avc1", "av01", "dash", "M4V ", "M4VH", "M4VP", "mmp4", "MSNV", "NDAS",
			"NDSC", "NDSH", "NDSM", "NDSP", "NDSS", "NDXC", "NDXH", "NDXM", "NDXP", "NDXS", "f4v ", "XAVC");

	private static final String QUICKTIME_BRAND = "qt  ";

	/**
	 * Brands whose files are not video even when they also list an MP4 brand: HEIF and
	 * AVIF images, audio-only MPEG-4.
	 */
	private static final Set<String> NOT_VIDEO_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1",
			"msf1", "avif", "avis", "M4A ", "M4B ", "M4P ");

	private static final int EBML_MAGIC = 0x1A45DFA3;

	private static final int EBML_DOC_TYPE = 0x4282;

	private MediaSniffer() {
	}

	/**
	 * @param head the file's first bytes: at least {@link #HEAD_SIZE} of them, or the
	 * whole file when it is shorter
	 * @param length how many bytes of {@code head} hold the file
	 * @return the type, or empty when the bytes are not a type Hubben takes
	 */
	public static Optional<SniffedType> sniff(byte[] head, int length) {
		Bytes bytes = new Bytes(head, Math.min(length, head.length));
		if (bytes.startsWith(0xFF, 0xD8, 0xFF)) {
			return Optional.of(SniffedType.JPEG);
		}
		if (bytes.startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			return Optional.of(SniffedType.PNG);
		}
		if (bytes.ascii(0, 6).equals("GIF87a") || bytes.ascii(0, 6).equals("GIF89a")) {
			return Optional.of(SniffedType.GIF);
		}
		if (bytes.ascii(0, 4).equals("RIFF") && bytes.ascii(8, 4).equals("WEBP")) {
			return Optional.of(SniffedType.WEBP);
		}
		if (bytes.startsWith('I', 'I', 0x2A, 0x00) || bytes.startsWith('M', 'M', 0x00, 0x2A)) {
			return Optional.of(SniffedType.TIFF);
		}
		if (isBmp(bytes)) {
			return Optional.of(SniffedType.BMP);
		}
		if (bytes.ascii(4, 4).equals("ftyp")) {
			return isoMediaType(bytes);
		}
		if (bytes.length() >= 4 && bytes.int32(0) == EBML_MAGIC) {
			return ebmlType(bytes);
		}
		return Optional.empty();
	}

	/**
	 * "BM" alone is too weak a sign: the DIB header that follows the 14-byte file header
	 * must announce one of the sizes the BMP versions define.
	 */
	private static boolean isBmp(Bytes bytes) {
		if (!bytes.startsWith('B', 'M') || bytes.length() < 18) {
			return false;
		}
		long dibSize = bytes.uint32LittleEndian(14);
		return dibSize == 12 || dibSize == 16 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 64
				|| dibSize == 108 || dibSize == 124;
	}

	/**
	 * ISO base media files begin with an {@code ftyp} box: size, "ftyp", the major brand,
	 * a minor version, then compatible brands up to the box's size.
	 */
	private static Optional<SniffedType> isoMediaType(Bytes bytes) {
		long boxSize = bytes.uint32(0);
		if (boxSize < 16 || bytes.length() < 12) {
			return Optional.empty();
		}
		String major = bytes.ascii(8, 4);
		if (major.equals(QUICKTIME_BRAND)) {
			return Optional.of(SniffedType.QUICKTIME);
		}
		if (NOT_VIDEO_BRANDS.contains(major)) {
			return Optional.empty();
		}
		if (MP4_BRANDS.contains(major)) {
			return Optional.of(SniffedType.MP4);
		}
		int end = (int) Math.min(boxSize, bytes.length());
		boolean mp4 = false;
		for (int offset = 16; offset + 4 <= end; offset += 4) {
			String brand = bytes.ascii(offset, 4);
			if (NOT_VIDEO_BRANDS.contains(brand)) {
				return Optional.empty();
			}
			if (brand.equals(QUICKTIME_BRAND)) {
				return Optional.of(SniffedType.QUICKTIME);
			}
			mp4 |= MP4_BRANDS.contains(brand);
		}
		return mp4 ? Optional.of(SniffedType.MP4) : Optional.empty();
	}

	/**
	 * Reads the EBML header's children for the DocType: {@code webm} or {@code matroska}.
	 */
	private static Optional<SniffedType> ebmlType(Bytes bytes) {
		int offset = 4;
		long[] headerSize = bytes.vint(offset, true);
		if (headerSize == null) {
			return Optional.empty();
		}
		offset += (int) headerSize[1];
		long end = Math.min(bytes.length(), offset + headerSize[0]);
		while (offset < end) {
			long[] id = bytes.vint(offset, false);
			if (id == null) {
				return Optional.empty();
			}
			offset += (int) id[1];
			long[] size = bytes.vint(offset, true);
			if (size == null) {
				return Optional.empty();
			}
			offset += (int) size[1];
			if (id[0] == EBML_DOC_TYPE) {
				if (size[0] > 64 || offset + size[0] > bytes.length()) {
					return Optional.empty();
				}
				String docType = bytes.ascii(offset, (int) size[0]).replace("\0", "");
				return switch (docType) {
					case "webm" -> Optional.of(SniffedType.WEBM);
					case "matroska" -> Optional.of(SniffedType.MATROSKA);
					default -> Optional.empty();
				};
			}
			offset += (int) Math.min(size[0], Integer.MAX_VALUE);
		}
		return Optional.empty();
	}

	private record Bytes(byte[] data, int length) {

		boolean startsWith(int... expected) {
			if (this.length < expected.length) {
				return false;
			}
			for (int i = 0; i < expected.length; i++) {
				if ((this.data[i] & 0xFF) != expected[i]) {
					return false;
				}
			}
			return true;
		}

		String ascii(int offset, int count) {
			if (offset < 0 || count < 0 || offset + count > this.length) {
				return "";
			}
			return new String(this.data, offset, count, StandardCharsets.ISO_8859_1);
		}

		int int32(int offset) {
			return (int) uint32(offset);
		}

		long uint32(int offset) {
			if (offset + 4 > this.length) {
				return -1;
			}
			return ((long) (this.data[offset] & 0xFF) << 24) | ((this.data[offset + 1] & 0xFF) << 16)
					| ((this.data[offset + 2] & 0xFF) << 8) | (this.data[offset + 3] & 0xFF);
		}

		long uint32LittleEndian(int offset) {
			if (offset + 4 > this.length) {
				return -1;
			}
			return ((long) (this.data[offset + 3] & 0xFF) << 24) | ((this.data[offset + 2] & 0xFF) << 16)
					| ((this.data[offset + 1] & 0xFF) << 8) | (this.data[offset] & 0xFF);
		}

		/**
		 * An EBML variable-length integer: the count of leading zero bits in the first
		 * byte gives the width. Element IDs keep the marker bit; sizes drop it.
		 * @return {value, width}, or {@code null} when the bytes end first or the first
		 * byte is zero
		 */
		long[] vint(int offset, boolean dropMarker) {
			if (offset >= this.length) {
				return null;
			}
			int first = this.data[offset] & 0xFF;
			if (first == 0) {
				return null;
			}
			int width = Integer.numberOfLeadingZeros(first) - 24 + 1;
			if (offset + width > this.length) {
				return null;
			}
			long value = dropMarker ? (first & (0xFF >> width)) : first;
			for (int i = 1; i < width; i++) {
				value = (value << 8) | (this.data[offset + i] & 0xFF);
			}
			return new long[] { value, width };
		}

	}

}
