/**
 * Posts composed once, their per-platform variants (derived or edited), the link back to
 * the home site, and their validation against each platform's capabilities at compose
 * time.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Content",
		allowedDependencies = { "organisation", "connector" })
package org.hubben.content;
