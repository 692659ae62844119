/**
 * The Facebook Graph API emulator for Pages: {@code /{page-id}/feed}, Graph error
 * objects, usage headers and injectable faults, mounted under {@code /emulator/facebook}.
 */
package org.hubben.connector.facebook.emulator;
