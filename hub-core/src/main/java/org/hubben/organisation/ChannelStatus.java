package org.hubben.organisation;

/** Whether Hubben can currently publish on a channel. */
public enum ChannelStatus {

	/** The credentials work as far as Hubben knows. */
	CONNECTED,

	/**
	 * The platform refused the credentials (expired or revoked) or refused to refresh
	 * them: a person must reconnect the channel. Deliveries to it wait until then.
	 */
	EXPIRED

}
