package org.hubben.organisation;

import java.util.List;
import java.util.UUID;

import org.hubben.connector.Platform;

/**
 * The accounts a platform offered at the end of a connection, for the member to confirm.
 * Holds no token.
 *
 * @param id what the confirmation names
 * @param platform the platform
 * @param organisation the organisation they would be connected to
 * @param accounts the accounts, in the platform's order
 */
public record LinkOffer(UUID id, Platform platform, Organisation organisation, List<Account> accounts) {

	public LinkOffer {
		accounts = List.copyOf(accounts);
	}

	/**
	 * One offered account.
	 *
	 * @param accountId the platform's id of it
	 * @param name its name as the platform gave it
	 * @param channelId the organisation's channel for it when it has one (confirming then
	 * reconnects that channel), else {@code null}
	 */
	public record Account(String accountId, String name, UUID channelId) {

		public boolean reconnects() {
			return this.channelId != null;
		}

	}

}
