package org.hubben.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FilenamesTests {

	@Test
	void keepsAnOrdinaryNameAsItIs() {
		assertThat(Filenames.sanitise("Skolval 2026 (Malmö).jpg", SniffedType.JPEG))
			.isEqualTo("Skolval 2026 (Malmö).jpg");
	}

	@Test
	void keepsOnlyTheLastPathSegment() {
		assertThat(Filenames.sanitise("C:\\Users\\anna\\film.mp4", SniffedType.MP4)).isEqualTo("film.mp4");
		assertThat(Filenames.sanitise("../../etc/passwd", SniffedType.JPEG)).isEqualTo("passwd");
	}

	@Test
	void replacesCharactersThatMeanSomethingInHeadersOrPages() {
		assertThat(Filenames.sanitise("a\"b;c<d>e\r\nf\u0000g\u202Eh.png", SniffedType.PNG))
			.isEqualTo("a_b_c_d_efgh.png");
	}

	@Test
	void dropsLeadingDotsAndNamesANamelessFileAfterItsType() {
		assertThat(Filenames.sanitise(".hidden.gif", SniffedType.GIF)).isEqualTo("hidden.gif");
		assertThat(Filenames.sanitise("..", SniffedType.WEBM)).isEqualTo("upload.webm");
		assertThat(Filenames.sanitise(null, SniffedType.JPEG)).isEqualTo("upload.jpg");
		assertThat(Filenames.sanitise("  ", SniffedType.QUICKTIME)).isEqualTo("upload.mov");
	}

	@Test
	void shortensALongNameKeepingItsExtension() {
		String name = Filenames.sanitise("å".repeat(300) + ".jpeg", SniffedType.JPEG);
		assertThat(name.codePointCount(0, name.length())).isEqualTo(Filenames.MAX_LENGTH);
		assertThat(name).endsWith("å.jpeg");
	}

}
