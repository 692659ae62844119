/**
 * The X API v2 emulator: {@code /2/tweets}, problem-JSON errors, duplicate refusal,
 * {@code x-rate-limit-*} headers and injectable faults, and OAuth 2.0 with PKCE
 * ({@link org.hubben.connector.x.emulator.XAuthorisationRoutes}), mounted under
 * {@code /emulator/x}.
 */
package org.hubben.connector.x.emulator;
