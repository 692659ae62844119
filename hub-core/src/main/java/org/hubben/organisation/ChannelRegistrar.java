package org.hubben.organisation;

import java.time.Clock;
import java.util.UUID;

import org.hubben.connector.Platform;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * Connects channels and unlocks their credentials; the only place that sees credentials
 * in the clear.
 */
@Service
public class ChannelRegistrar {

	private final Channels channels;

	private final R2dbcEntityTemplate template;

	private final CredentialCipher cipher;

	private final JsonMapper json;

	private final Clock clock;

	ChannelRegistrar(Channels channels, R2dbcEntityTemplate template, CredentialCipher cipher, JsonMapper json,
			Clock clock) {
		this.channels = channels;
		this.template = template;
		this.cipher = cipher;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Adds a connected channel to an organisation.
	 * @return the saved channel
	 */
	public Mono<Channel> register(UUID organisationId, Platform platform, String name, String accountId,
			ChannelCredentials credentials) {
		UUID id = UUID.randomUUID();
		Channel channel = new Channel(id, organisationId, platform, name, accountId, seal(id, credentials),
				ChannelStatus.CONNECTED, this.clock.instant());
		return this.template.insert(channel);
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
	 * Records that the platform refused the channel's credentials, so people see it must
	 * be reconnected.
	 */
	public Mono<Void> markExpired(UUID channelId) {
		return this.channels.updateStatus(channelId, ChannelStatus.EXPIRED).then();
	}

}
