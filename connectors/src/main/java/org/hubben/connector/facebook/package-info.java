/**
 * Facebook Pages: the connector that publishes to a Page through the Graph API, and the
 * Graph API emulator it is tested against.
 */
package org.hubben.connector.facebook;
