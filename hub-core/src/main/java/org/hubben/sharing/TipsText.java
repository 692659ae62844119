package org.hubben.sharing;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tips text into blocks a page shows with escaped text only, so what an
 * organisation writes can never become markup: a blank line separates paragraphs, lines
 * starting with {@code - } or {@code * } form a list, a line starting with {@code # } is
 * a heading.
 */
public final class TipsText {

	private TipsText() {
	}

	/**
	 * @param text plain text, may be {@code null}
	 * @return its blocks in order
	 */
	public static List<Block> blocks(String text) {
		List<Block> blocks = new ArrayList<>();
		if (text == null) {
			return blocks;
		}
		List<String> paragraph = new ArrayList<>();
		List<String> items = new ArrayList<>();
		for (String raw : text.replace("\r\n", "\n").split("\n")) {
			String line = raw.strip();
			if (line.startsWith("- ") || line.startsWith("* ")) {
				flush(blocks, Kind.PARAGRAPH, paragraph);
				items.add(line.substring(2).strip());
			}
			else if (line.startsWith("# ")) {
				flush(blocks, Kind.PARAGRAPH, paragraph);
				flush(blocks, Kind.LIST, items);
				blocks.add(new Block(Kind.HEADING, List.of(line.substring(2).strip())));
			}
			else if (line.isEmpty()) {
				flush(blocks, Kind.PARAGRAPH, paragraph);
				flush(blocks, Kind.LIST, items);
			}
			else {
				flush(blocks, Kind.LIST, items);
				paragraph.add(line);
			}
		}
		flush(blocks, Kind.PARAGRAPH, paragraph);
		flush(blocks, Kind.LIST, items);
		return blocks;
	}

	private static void flush(List<Block> blocks, Kind kind, List<String> lines) {
		if (!lines.isEmpty()) {
			blocks
				.add(new Block(kind, (kind == Kind.PARAGRAPH) ? List.of(String.join(" ", lines)) : List.copyOf(lines)));
			lines.clear();
		}
	}

	/** What a block is. */
	public enum Kind {

		HEADING, PARAGRAPH, LIST

	}

	/**
	 * @param kind what it is
	 * @param lines one line for a heading or a paragraph, one per item for a list
	 */
	public record Block(Kind kind, List<String> lines) {

		public boolean heading() {
			return this.kind == Kind.HEADING;
		}

		public boolean paragraph() {
			return this.kind == Kind.PARAGRAPH;
		}

		public boolean list() {
			return this.kind == Kind.LIST;
		}

	}

}
