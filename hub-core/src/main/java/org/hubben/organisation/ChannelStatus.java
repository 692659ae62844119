package org.hubben.organisation;

/** Whether Hubben can currently publish on a channel. */
public enum ChannelStatus {

	/** The credentials work as far as Hubben knows. */
	CONNECTED,

	/** The platform refused the credentials: a person must reconnect the channel. */
	EXPIRED

}
