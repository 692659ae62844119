/**
 * The YouTube Data API v3 emulator: resumable uploads with {@code 308} and {@code Range},
 * the daily quota in both of Google's pricing models, Google's OAuth 2.0 consent page and
 * token endpoint, and Google's error JSON, mounted under {@code /emulator/youtube}.
 */
package org.hubben.connector.youtube.emulator;
