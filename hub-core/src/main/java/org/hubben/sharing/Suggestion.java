package org.hubben.sharing;

import java.net.URI;

/**
 * What a supporter may post about a post on one platform.
 *
 * @param target {@code x}, {@code facebook} or {@code other} (anywhere else: a text to
 * paste)
 * @param text the suggested text, with the tagged link in it
 * @param dialog the platform's own share dialog, pre-filled as far as the platform
 * allows; {@code null} when there is none
 */
public record Suggestion(String target, String text, URI dialog) {

}
