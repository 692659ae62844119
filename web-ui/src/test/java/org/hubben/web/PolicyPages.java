package org.hubben.web;

import org.hubben.TestClients;

/** Signs the administrator in for tests of other packages. */
public final class PolicyPages {

	private PolicyPages() {
	}

	/**
	 * @return the session cookie of the administrator's login
	 */
	public static String logIn(int port) {
		return SignedInBrowser.logIn(port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD).session();
	}

}
