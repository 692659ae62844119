/**
 * X (Twitter) through API v2: the {@link org.hubben.connector.x.XConnector} and the
 * {@link org.hubben.connector.x.emulator.XEmulator} that stands in for X under
 * {@code /emulator/x}.
 */
package org.hubben.connector.x;
