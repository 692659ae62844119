/**
 * The X API v2 emulator: {@code /2/tweets}, problem-JSON errors, duplicate refusal,
 * {@code x-rate-limit-*} headers and injectable faults, mounted under
 * {@code /emulator/x}.
 */
package org.hubben.connector.x.emulator;
