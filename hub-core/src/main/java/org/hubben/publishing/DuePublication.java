package org.hubben.publishing;

/**
 * A publication with its post's title, as a calendar shows it.
 *
 * @param view the publication and its deliveries
 * @param postTitle the title of the post it carries
 */
public record DuePublication(PublicationView view, String postTitle) {

}
