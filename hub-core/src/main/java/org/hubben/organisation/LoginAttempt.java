package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One failed login, counted against a keyed hash of its username or of its client's
 * address.
 *
 * @param kind {@code username} or {@code address}
 */
@Table("login_attempt")
record LoginAttempt(@Id UUID id, String kind, String keyHash, Instant at) {

}
