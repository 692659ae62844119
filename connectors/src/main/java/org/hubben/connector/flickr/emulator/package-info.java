/**
 * The Flickr emulator: the REST methods, uploads with asynchronous tickets, albums and
 * the OAuth 1.0a flow with Flickr's signature checks and error codes, mounted under
 * {@code /emulator/flickr}.
 */
package org.hubben.connector.flickr.emulator;
