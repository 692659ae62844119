/**
 * What every connector and account linking shares to talk HTTP to a platform.
 */
package org.hubben.connector.http;
