/**
 * Bulk work on posts: CSV import of scheduled posts (every row checked by the same rules
 * as the API, all imported or none; submitted for approval where it is required), and CSV
 * and JSON export of posts with their publications and deliveries.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Bulk",
		allowedDependencies = { "content", "publishing", "organisation", "connector", "approval" })
package org.hubben.bulk;
