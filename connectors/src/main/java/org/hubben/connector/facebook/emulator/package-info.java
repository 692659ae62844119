/**
 * The Facebook Graph API emulator for Pages: {@code /{page-id}/feed}, Graph error
 * objects, usage headers, injectable faults and Facebook Login
 * ({@link org.hubben.connector.facebook.emulator.FacebookLoginRoutes}), mounted under
 * {@code /emulator/facebook}.
 */
package org.hubben.connector.facebook.emulator;
