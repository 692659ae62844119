package org.hubben.media;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MediaSnifferTests {

	private static Optional<SniffedType> sniff(byte[] bytes) {
		byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, MediaSniffer.HEAD_SIZE));
		return MediaSniffer.sniff(head, head.length);
	}

	@ParameterizedTest
	@CsvSource({ "jpeg, JPEG", "png, PNG", "gif, GIF", "bmp, BMP", "tiff, TIFF" })
	void recognisesImagesThatImageIoWrote(String format, SniffedType expected) {
		assertThat(sniff(SampleMedia.image(format, 32, 24))).contains(expected);
	}

	@Test
	void recognisesWebpByItsRiffContainer() {
		assertThat(sniff(SampleMedia.webp())).contains(SniffedType.WEBP);
	}

	@ParameterizedTest
	@CsvSource({ "isom", "mp42", "avc1", "'M4V '", "dash" })
	void recognisesMp4ByItsMajorBrand(String brand) {
		assertThat(sniff(SampleMedia.isoMedia(brand, brand))).contains(SniffedType.MP4);
	}

	@Test
	void recognisesMp4ByACompatibleBrandWhenTheMajorOneIsUnknown() {
		assertThat(sniff(SampleMedia.isoMedia("abcd", "abcd", "mp41"))).contains(SniffedType.MP4);
	}

	@Test
	void recognisesQuickTimeByItsBrand() {
		assertThat(sniff(SampleMedia.quickTime())).contains(SniffedType.QUICKTIME);
		assertThat(sniff(SampleMedia.isoMedia("abcd", "qt  "))).contains(SniffedType.QUICKTIME);
	}

	@Test
	void recognisesWebmAndMatroskaByTheirDocType() {
		assertThat(sniff(SampleMedia.ebml("webm"))).contains(SniffedType.WEBM);
		assertThat(sniff(SampleMedia.ebml("matroska"))).contains(SniffedType.MATROSKA);
	}

	@Test
	void refusesAnEbmlFileOfAnotherDocType() {
		assertThat(sniff(SampleMedia.ebml("notmkv"))).isEmpty();
	}

	@Test
	void refusesHeifImagesAndAudioThatShareTheFtypBox() {
		assertThat(sniff(SampleMedia.isoMedia("heic", "mif1", "heic"))).isEmpty();
		assertThat(sniff(SampleMedia.isoMedia("M4A ", "M4A ", "mp42", "isom"))).isEmpty();
		assertThat(sniff(SampleMedia.isoMedia("abcd", "isom", "avif"))).isEmpty();
	}

	@Test
	void refusesTextWhateverItIsCalled() {
		assertThat(sniff(SampleMedia.text("This is not a photo, whatever its name says.\n"))).isEmpty();
		assertThat(sniff(SampleMedia.text("BMW is a car, not a bitmap"))).isEmpty();
		assertThat(sniff(SampleMedia.text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))).isEmpty();
	}

	@Test
	void refusesNothingAndFragments() {
		assertThat(MediaSniffer.sniff(new byte[0], 0)).isEmpty();
		assertThat(sniff(new byte[] { (byte) 0xFF, (byte) 0xD8 })).isEmpty();
		assertThat(sniff(Arrays.copyOf(SampleMedia.mp4(), 10))).isEmpty();
		assertThat(sniff(Arrays.copyOf(SampleMedia.ebml("webm"), 12))).isEmpty();
	}

	@Test
	void looksOnlyAtTheBytesItIsToldHold() {
		byte[] head = Arrays.copyOf(SampleMedia.image("png", 8, 8), MediaSniffer.HEAD_SIZE);
		assertThat(MediaSniffer.sniff(head, 4)).isEmpty();
		assertThat(MediaSniffer.sniff(head, 8)).contains(SniffedType.PNG);
	}

}
