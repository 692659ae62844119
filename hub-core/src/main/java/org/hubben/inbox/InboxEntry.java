package org.hubben.inbox;

import org.hubben.connector.Moderation;

/**
 * One comment as the inbox shows it.
 *
 * @param comment the comment
 * @param channelName the name of the channel it is on
 * @param moderation what moderating it does on its platform
 * @param nested whether it answers a reply rather than the thread's first comment
 */
public record InboxEntry(Comment comment, String channelName, Moderation moderation, boolean nested) {

}
