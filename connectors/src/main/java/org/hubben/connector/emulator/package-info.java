/**
 * What every platform emulator shares: the {@link org.hubben.connector.emulator.Emulator}
 * contract, its feed of received posts, fault injection and signed tokens. Mounted under
 * {@code /emulator/<platform>/}.
 */
@org.springframework.modulith.NamedInterface("emulator")
package org.hubben.connector.emulator;
