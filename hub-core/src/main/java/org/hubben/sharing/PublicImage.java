package org.hubben.sharing;

import java.util.UUID;

/**
 * An image attached to a published post, served in public at {@code /m/<mediaId>}.
 *
 * @param mediaId the media's id
 * @param contentType the type sniffed from its bytes, e.g. {@code image/jpeg}
 * @param filename a safe file name for downloads
 */
public record PublicImage(UUID mediaId, String contentType, String filename) {

}
