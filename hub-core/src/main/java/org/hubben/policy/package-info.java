/**
 * The organisation's ethics rules (seed 004) as checks that refuse an action with a
 * reason a person understands: its own channels only, open messages before targeted ones,
 * facts checked against sources, and a sender line on every post.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Policy",
		allowedDependencies = { "content", "organisation" })
package org.hubben.policy;
