package org.hubben.sharing;

import java.util.List;

import org.hubben.sharing.TipsText.Block;
import org.hubben.sharing.TipsText.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TipsTextTests {

	@Test
	void readsHeadingsParagraphsAndListsAndKeepsMarkupAsText() {
		List<Block> blocks = TipsText.blocks("# Tone\nBe kind,\nalways.\n\n- Facts <b>first</b>\n* No bots\r\n\nEnd");
		assertThat(blocks).containsExactly(new Block(Kind.HEADING, List.of("Tone")),
				new Block(Kind.PARAGRAPH, List.of("Be kind, always.")),
				new Block(Kind.LIST, List.of("Facts <b>first</b>", "No bots")),
				new Block(Kind.PARAGRAPH, List.of("End")));
	}

	@Test
	void hasNoBlocksForNoText() {
		assertThat(TipsText.blocks(null)).isEmpty();
		assertThat(TipsText.blocks("\n\n")).isEmpty();
	}

}
