/**
 * Approval before scheduling: an organisation's rule, and submissions (a post and the
 * publication asked for) that approvers approve, which schedules them, or send back.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Approval",
		allowedDependencies = { "publishing", "content", "organisation", "policy", "connector" })
package org.hubben.approval;
