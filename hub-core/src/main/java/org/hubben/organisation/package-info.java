/**
 * Organisations (a tree: the centre and its regions), their members and roles, and their
 * channels on each platform with credentials encrypted at rest.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Organisations", allowedDependencies = "connector")
package org.hubben.organisation;
