/**
 * The demo organisation of the embedded default: two regions under the centre and one
 * emulator channel per platform, so a new user can publish within a minute of the first
 * start.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo",
		allowedDependencies = { "organisation", "connector", "connector::emulator" })
package org.hubben.demo;
