package org.hubben.connector.emulator;

import java.time.Instant;

/**
 * One post an emulator accepted, as the platform would show it.
 *
 * @param remoteId the identifier the emulator answered with
 * @param accountId the page, channel or user it was posted as
 * @param text the text as received
 * @param link the link as received: a separate field, or the first URL found in the text;
 * may be {@code null}
 * @param receivedAt when the emulator accepted it
 */
public record ReceivedPost(String remoteId, String accountId, String text, String link, Instant receivedAt) {

}
