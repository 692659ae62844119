package org.hubben.content;

/**
 * A draft saved as a person writes it.
 *
 * @param post the draft with its variants and media
 * @param created whether this save created it
 */
public record SavedDraft(ComposedPost post, boolean created) {

}
