package org.hubben.content;

import java.time.Instant;
import java.util.List;

/**
 * How the post an adopted post came from changed since its adopter last looked: at
 * adoption, or when they last took or kept a change.
 *
 * @param postId the adopted post
 * @param origin the shared post as it is now
 * @param originOrganisation the name of the organisation that shares it
 * @param adoptedBy the username of who adopted it
 * @param adoptedAt when it was adopted
 * @param seenAt when its adopter last saw the origin's fields
 * @param fields what changed, field by field ({@code title}, {@code text}, {@code link},
 * {@code sources}); empty when nothing did
 */
public record OriginChanges(java.util.UUID postId, Post origin, String originOrganisation, String adoptedBy,
		Instant adoptedAt, Instant seenAt, List<FieldChange> fields) {

	public OriginChanges {
		fields = List.copyOf(fields);
	}

	public boolean changed() {
		return !this.fields.isEmpty();
	}

	/**
	 * One changed field.
	 *
	 * @param field {@code title}, {@code text}, {@code link} or {@code sources}
	 * @param before what it was ({@code null} for none; sources one a line)
	 * @param after what it is ({@code null} for none; sources one a line)
	 * @param html for {@code text}, the new text as escaped HTML with the words inserted
	 * in {@code <ins>} and the deleted ones in {@code <del>}; for other fields
	 * {@code null}
	 */
	public record FieldChange(String field, String before, String after, String html) {

	}

}
