package org.hubben.connector;

import java.net.URI;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Connects a person's account on one platform to Hubben the way the platform requires
 * (OAuth 2.0 with or without PKCE, or OAuth 1.0a), and keeps its token fresh. One
 * implementation per platform, beside its {@link Connector}; the web layer drives the
 * redirects and keeps {@link LinkStart} server-side between them.
 *
 * <p>
 * The platform's app credentials come from {@link PlatformEndpoints#app(Platform)} and
 * its hosts from {@link PlatformEndpoints#resolve(Platform, URI)}, so the same code runs
 * the flow against the platform or its emulator. Errors are {@link ConnectorException}s:
 * {@link AuthorisationFailed} when the person declined, the code or verifier is wrong or
 * the refresh token was revoked, {@link PlatformUnavailable} when the platform could not
 * be reached.
 */
public interface AccountLinking {

	Platform platform();

	/**
	 * Begins the flow: asks the platform for whatever must precede the redirect (Flickr's
	 * request token) and builds the authorisation URL to send the person to.
	 * @param callback where the platform must send the person back to
	 * @param state an unguessable value the callback must carry back: as OAuth 2's
	 * {@code state}, or, for OAuth 1.0a, as a query parameter of {@code oauth_callback}
	 * @return where to send the person and the secrets to keep until they return
	 */
	Mono<LinkStart> start(URI callback, String state);

	/**
	 * Completes the flow with what the platform sent to the callback: exchanges the code
	 * (or verifier) for tokens and lists the accounts they can publish as.
	 * @param started what {@link #start} returned for this person
	 * @param callbackParameters the query parameters the platform added to the callback
	 * @param callback the same callback URL as given to {@link #start}
	 * @return the accounts the person can connect, at least one: a Facebook user gets one
	 * per Page they manage, the other platforms exactly one
	 */
	Mono<List<LinkedAccount>> finish(LinkStart started, Map<String, String> callbackParameters, URI callback);

	/**
	 * Gets a new access token before {@link LinkedAccount#expiresAt()}. Where the
	 * platform rotates refresh tokens the result holds the new one; where it does not,
	 * the current one is kept.
	 * @param current the account as stored
	 * @return the account with fresh tokens; the same account unchanged when its tokens
	 * do not expire (Facebook Page tokens, OAuth 1.0a)
	 */
	Mono<LinkedAccount> refresh(LinkedAccount current);

}
