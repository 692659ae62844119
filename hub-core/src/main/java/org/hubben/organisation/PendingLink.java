package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A connection a member started: waiting for the platform to send the person back, then
 * for the member to confirm the accounts offered. {@link #toString()} leaves the
 * ciphertexts out.
 *
 * @param id the identifier, also what the ciphertexts are bound to
 * @param stateHash the hex SHA-256 of the OAuth state; the state itself is never stored
 * @param platform the platform
 * @param organisationId the organisation the accounts will be connected to
 * @param memberId the member who started it; no one else may finish it
 * @param callbackUrl where the platform sends the person back, the same at both ends
 * @param secrets the AES-GCM ciphertext of what {@code AccountLinking.start} must find
 * again
 * @param accounts the AES-GCM ciphertext of the accounts the platform offered, once it
 * has
 * @param createdAt when it was started
 * @param finishedAt when the platform's answer was taken, so that it is taken once
 */
@Table("pending_link")
record PendingLink(@Id UUID id, String stateHash, Platform platform, UUID organisationId, UUID memberId,
		String callbackUrl, String secrets, String accounts, Instant createdAt, Instant finishedAt) {

	@Override
	public String toString() {
		return "PendingLink[id=" + this.id + ", platform=" + this.platform + ", memberId=" + this.memberId + "]";
	}

}
