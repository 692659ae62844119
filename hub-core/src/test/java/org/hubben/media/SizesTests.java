package org.hubben.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SizesTests {

	@Test
	void countsInUnitsOf1024WithAtMostOneDecimal() {
		assertThat(Sizes.display(1)).isEqualTo("1 byte");
		assertThat(Sizes.display(900)).isEqualTo("900 bytes");
		assertThat(Sizes.display(1024)).isEqualTo("1 KB");
		assertThat(Sizes.display(1536)).isEqualTo("1.5 KB");
		assertThat(Sizes.display(5L * 1024 * 1024)).isEqualTo("5 MB");
		assertThat(Sizes.display(812L * 1024)).isEqualTo("812 KB");
		assertThat(Sizes.display(2L * 1024 * 1024 * 1024)).isEqualTo("2 GB");
	}

}
