package org.hubben.sharing;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * "How to share well", as an organisation wrote it, in Swedish and English. Plain text: a
 * blank line starts a paragraph, a line starting with {@code - } is a list item
 * ({@link TipsText}).
 *
 * @param organisationId the organisation
 * @param textSv the Swedish text, or {@code null} for Hubben's default
 * @param textEn the English text, or {@code null} for Hubben's default
 * @param updatedBy who wrote it last
 * @param updatedAt when
 */
public record ShareTips(UUID organisationId, String textSv, String textEn, String updatedBy, Instant updatedAt) {

	/**
	 * @return the text in the language, or {@code null} when the organisation wrote none
	 * in it
	 */
	public String in(Locale language) {
		return "sv".equals(language.getLanguage()) ? this.textSv : this.textEn;
	}

}
