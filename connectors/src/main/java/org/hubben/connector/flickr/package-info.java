/**
 * Flickr through its REST and upload APIs with OAuth 1.0a: the
 * {@link org.hubben.connector.flickr.FlickrConnector}, the
 * {@link org.hubben.connector.flickr.FlickrAccountLinking}, the request signer they share
 * with the {@link org.hubben.connector.flickr.emulator.FlickrEmulator} that stands in for
 * Flickr under {@code /emulator/flickr}.
 */
package org.hubben.connector.flickr;
