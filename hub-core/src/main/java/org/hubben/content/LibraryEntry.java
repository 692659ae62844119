package org.hubben.content;

import java.util.UUID;

/**
 * A post an organisation above shares, as a member's library shows it.
 *
 * @param post the shared post
 * @param originOrganisation the name of the organisation that shares it
 * @param adoptedPostId this organisation's latest adoption of it, or {@code null} when it
 * has not adopted it
 * @param originChanged whether the shared post changed since that adoption last took or
 * kept its changes; {@code false} when not adopted
 */
public record LibraryEntry(Post post, String originOrganisation, UUID adoptedPostId, boolean originChanged) {

	public boolean adopted() {
		return this.adoptedPostId != null;
	}

}
