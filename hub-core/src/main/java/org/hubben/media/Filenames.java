package org.hubben.media;

import java.text.Normalizer;

/**
 * Makes an uploaded file's name safe to keep, to show and to send in a
 * {@code Content-Disposition} header.
 */
final class Filenames {

	static final int MAX_LENGTH = 120;

	private Filenames() {
	}

	/**
	 * Keeps the last path segment; keeps letters, digits, marks, spaces and
	 * {@code . - _ ( ) + ,}; replaces other characters with {@code _}; drops control and
	 * format characters and leading dots; shortens long names, keeping the extension.
	 * @param raw the name the client sent, may be {@code null}
	 * @param type the sniffed type, whose extension names a file that has no usable name
	 * @return a name of at most {@link #MAX_LENGTH} code points, never blank
	 */
	static String sanitise(String raw, SniffedType type) {
		String name = (raw != null) ? raw : "";
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		name = Normalizer.normalize(name, Normalizer.Form.NFC);
		StringBuilder kept = new StringBuilder();
		name.codePoints().forEach((codePoint) -> {
			int category = Character.getType(codePoint);
			if (Character.isISOControl(codePoint) || category == Character.FORMAT || category == Character.SURROGATE
					|| category == Character.PRIVATE_USE || category == Character.UNASSIGNED) {
				return;
			}
			if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
				kept.append(' ');
			}
			else if (Character.isLetterOrDigit(codePoint) || category == Character.NON_SPACING_MARK
					|| category == Character.COMBINING_SPACING_MARK || ".-_()+,".indexOf(codePoint) >= 0) {
				kept.appendCodePoint(codePoint);
			}
			else {
				kept.append('_');
			}
		});
		String cleaned = kept.toString().replaceAll(" {2,}", " ").strip().replaceFirst("^[.\\s]+", "");
		if (cleaned.isEmpty() || cleaned.chars().allMatch((c) -> c == '_' || c == '.')) {
			return "upload." + type.extension();
		}
		return shorten(cleaned);
	}

	private static String shorten(String name) {
		if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = (dot > 0 && name.length() - dot <= 10) ? name.substring(dot) : "";
		String stem = name.substring(0, name.length() - extension.length());
		int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
		return stem.substring(0, stem.offsetByCodePoints(0, keep)).strip() + extension;
	}

}
