/**
 * The inbox: comments, replies and mentions pulled from the channels, threaded under the
 * posts they belong to, flagged by the organisation's word lists, answered and moderated;
 * and the privacy duties that come with holding them (retention, erasure, a member's
 * export of their own data).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Inbox",
		allowedDependencies = { "connector", "organisation", "publishing", "content" })
package org.hubben.inbox;
