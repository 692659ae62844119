package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An organisation's own account on one platform: a Facebook Page, a YouTube channel, an X
 * account or a Flickr account. {@link #toString()} leaves the credentials out.
 *
 * @param id the identifier
 * @param organisationId the organisation that owns it
 * @param platform the platform
 * @param name the account's name as the platform shows it
 * @param accountId the platform's identifier of the account
 * @param credentials the AES-GCM ciphertext of its {@link ChannelCredentials}; read them
 * through {@link ChannelRegistrar#credentialsOf}
 * @param status whether it can be published on
 * @param createdAt when it was connected
 * @param tokenExpiresAt when its access token expires, or {@code null} when it does not;
 * the same instant as in its credentials, kept in the clear so that tokens due for a
 * refresh can be found
 * @param verifiedBy the username of the member who connected it through the platform's
 * authorisation and confirmed the account, or {@code null} when nobody did (then nothing
 * is published on it: see {@link #verified()})
 * @param verifiedAt when they confirmed it, or {@code null}
 * @param verifiedAccountName the account's name as the platform showed it to them when
 * they confirmed, or {@code null}
 */
@Table("channel")
public record Channel(@Id UUID id, UUID organisationId, Platform platform, String name, String accountId,
		String credentials, ChannelStatus status, Instant createdAt, Instant tokenExpiresAt, String verifiedBy,
		Instant verifiedAt, String verifiedAccountName) {

	/**
	 * @return whether a member confirmed, through the platform's own authorisation, that
	 * this account is the organisation's own: the first of the organisation's ethics
	 * rules (it speaks only in its own name)
	 */
	public boolean verified() {
		return this.verifiedBy != null && this.verifiedAt != null;
	}

	/**
	 * @return why nothing may be published on this channel while it is not
	 * {@link #verified()}, naming the organisation
	 */
	public String notVerifiedReason(String organisationName) {
		return this.name + " is not verified as " + organisationName + "'s own: connect it through "
				+ this.platform.displayName() + " and confirm the account";
	}

	@Override
	public String toString() {
		return "Channel[id=" + this.id + ", platform=" + this.platform + ", name=" + this.name + ", status="
				+ this.status + "]";
	}

}
