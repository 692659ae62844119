/**
 * YouTube through the Data API v3: the
 * {@link org.hubben.connector.youtube.YouTubeConnector} (resumable video uploads),
 * {@link org.hubben.connector.youtube.YouTubeAccountLinking} (Google OAuth 2.0) and the
 * {@link org.hubben.connector.youtube.emulator.YouTubeEmulator} that stands in for Google
 * under {@code /emulator/youtube}.
 */
package org.hubben.connector.youtube;
