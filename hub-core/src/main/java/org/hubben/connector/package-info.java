/**
 * The connector SPI: what a platform can take ({@link org.hubben.connector.Capabilities})
 * and the one irreversible call that publishes to it. Implementations live in
 * {@code org.hubben.connector.<platform>}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connector SPI")
package org.hubben.connector;
