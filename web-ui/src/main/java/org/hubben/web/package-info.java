/**
 * The web layer: the JSON API, the team's pages and security. Handlers bind, call one
 * module method and map the result; they never block. Nothing depends on this package.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package org.hubben.web;
