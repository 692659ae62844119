package org.hubben.organisation;

import java.time.Clock;
import java.util.UUID;

import org.hubben.connector.LinkedAccount;
import org.hubben.connector.Platform;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * Connects channels and unlocks their credentials; the only place that sees credentials
 * in the clear and the only one that writes them, always encrypted.
 */
@Service
public class ChannelRegistrar {

	private final Channels channels;

	private final R2dbcEntityTemplate template;

	private final CredentialCipher cipher;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ChannelRegistrar(Channels channels, R2dbcEntityTemplate template, CredentialCipher cipher, JsonMapper json,
			Clock clock, ApplicationEventPublisher events) {
		this.channels = channels;
		this.template = template;
		this.cipher = cipher;
		this.json = json;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Removes a channel with its credentials.
	 * @return completes once removed; a {@link ChannelNotFound} error when there is no
	 * such channel, a {@link ChannelInUse} error when publications went to it
	 */
	public Mono<Void> remove(UUID channelId) {
		return this.channels.findById(channelId)
			.switchIfEmpty(Mono.error(() -> new ChannelNotFound(channelId)))
			.flatMap((channel) -> this.channels.deleteById(channelId)
				.onErrorMap(DataIntegrityViolationException.class, (ex) -> new ChannelInUse(channel.name())));
	}

	/**
	 * Adds a connected channel to an organisation, not verified: nothing is published on
	 * it until a member confirms it through {@link ChannelLinker#confirm}.
	 * @return the saved channel
	 */
	public Mono<Channel> register(UUID organisationId, Platform platform, String name, String accountId,
			ChannelCredentials credentials) {
		UUID id = UUID.randomUUID();
		Channel channel = new Channel(id, organisationId, platform, name, accountId, seal(id, credentials),
				ChannelStatus.CONNECTED, this.clock.instant(), credentials.expiresAt(), null, null, null);
		return this.template.insert(channel);
	}

	/**
	 * Connects an account a platform offered to an organisation: a new channel, or, when
	 * the organisation already has a channel for the same account on the same platform,
	 * that channel reconnected: the name the platform gave now, the new tokens, and
	 * status {@link ChannelStatus#CONNECTED}. A platform that sent no refresh token this
	 * time does not take the stored one away. Publishes {@link ChannelConnected} once
	 * saved.
	 * @param organisationId the organisation
	 * @param account the account with its tokens
	 * @return the event that was published
	 */
	public Mono<ChannelConnected> connect(UUID organisationId, LinkedAccount account) {
		return connect(organisationId, account, null);
	}

	/**
	 * Connects an account as {@link #connect(UUID, LinkedAccount)} does and, when a
	 * member confirmed it, records that the channel is verified as the organisation's
	 * own: by whom, when, and the account's name they saw.
	 * @param verifiedBy the username of the member who confirmed the account in the
	 * platform's authorisation flow; {@code null} leaves the verification as it was (a
	 * new channel unverified)
	 */
	public Mono<ChannelConnected> connect(UUID organisationId, LinkedAccount account, String verifiedBy) {
		Mono<ChannelConnected> reconnect = this.channels
			.findByOrganisationIdAndPlatformAndAccountId(organisationId, account.platform(), account.accountId())
			.flatMap((existing) -> reconnect(existing, account));
		return reconnect
			.switchIfEmpty(Mono.defer(() -> register(organisationId, account.platform(), account.name(),
					account.accountId(), credentials(account, null))
				.map((channel) -> new ChannelConnected(channel.id(), organisationId, account.platform(), false))
				// Someone connected the same account a moment earlier: it is theirs
				// now, so this becomes a reconnect.
				.onErrorResume(DataIntegrityViolationException.class, (ex) -> reconnect)))
			.flatMap((connected) -> (verifiedBy == null) ? Mono.just(connected)
					: this.channels.verify(connected.channelId(), verifiedBy, this.clock.instant(), account.name())
						.thenReturn(connected))
			.flatMap((connected) -> Mono.fromRunnable(() -> this.events.publishEvent(connected)).thenReturn(connected));
	}

	private Mono<ChannelConnected> reconnect(Channel existing, LinkedAccount account) {
		Mono<String> storedRefreshToken = (account.refreshToken() != null) ? Mono.empty()
				: credentialsOf(existing).mapNotNull(ChannelCredentials::refreshToken)
					// Credentials sealed with another key cannot be kept, only replaced.
					.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty());
		return storedRefreshToken.map((kept) -> credentials(account, kept))
			.defaultIfEmpty(credentials(account, null))
			.flatMap((credentials) -> this.channels.reconnect(existing.id(), account.name(),
					seal(existing.id(), credentials), credentials.expiresAt()))
			.thenReturn(new ChannelConnected(existing.id(), existing.organisationId(), existing.platform(), true));
	}

	private static ChannelCredentials credentials(LinkedAccount account, String keptRefreshToken) {
		return new ChannelCredentials(account.accessToken(), account.tokenSecret(),
				(account.refreshToken() != null) ? account.refreshToken() : keptRefreshToken, account.expiresAt());
	}

	/**
	 * Stores the tokens a refresh gave, and releases the channel's refresh claim.
	 * @param channel the channel
	 * @param refreshed the account with its new tokens; its refresh token replaces the
	 * stored one (the platform's {@code AccountLinking} already kept the old one where
	 * the platform sent none)
	 */
	public Mono<Void> storeRefreshed(Channel channel, LinkedAccount refreshed) {
		ChannelCredentials credentials = credentials(refreshed, null);
		return this.channels.updateCredentials(channel.id(), seal(channel.id(), credentials), credentials.expiresAt())
			.then();
	}

	/**
	 * Encrypts credentials for one channel, for callers that write the row themselves.
	 * @param channelId the channel the ciphertext is bound to
	 * @param credentials the credentials
	 * @return the ciphertext for {@link Channel#credentials()}
	 */
	public String seal(UUID channelId, ChannelCredentials credentials) {
		return this.cipher.encrypt(channelId, this.json.writeValueAsString(credentials));
	}

	/**
	 * @return the decrypted credentials; an {@link IllegalStateException} error when they
	 * cannot be decrypted
	 */
	public Mono<ChannelCredentials> credentialsOf(Channel channel) {
		return Mono.fromCallable(() -> this.json.readValue(this.cipher.decrypt(channel.id(), channel.credentials()),
				ChannelCredentials.class));
	}

	/**
	 * @return the channel as its platform's {@code AccountLinking} knows it, tokens
	 * decrypted; an {@link IllegalStateException} error when they cannot be decrypted
	 */
	public Mono<LinkedAccount> linkedAccountOf(Channel channel) {
		return credentialsOf(channel).map((credentials) -> new LinkedAccount(channel.platform(), channel.accountId(),
				channel.name(), credentials.accessToken(), credentials.tokenSecret(), credentials.refreshToken(),
				credentials.expiresAt()));
	}

	/**
	 * Records that the platform refused the channel's credentials, or to refresh them, so
	 * people see it must be reconnected. Releases any refresh claim.
	 */
	public Mono<Void> markExpired(UUID channelId) {
		return this.channels.expire(channelId).then();
	}

}
