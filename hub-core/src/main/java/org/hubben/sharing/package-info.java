/**
 * Everything open to the public: the home site Hubben serves for an organisation without
 * one (post pages, recent posts, the channel directory), the supporters' share kit with
 * its tips, and visit and share counts aggregated per post, platform and day, never per
 * person.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sharing",
		allowedDependencies = { "content", "publishing", "organisation", "connector" })
package org.hubben.sharing;
