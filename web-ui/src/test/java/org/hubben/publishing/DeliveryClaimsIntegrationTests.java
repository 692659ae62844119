package org.hubben.publishing;

import java.util.List;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.emulator.Emulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A publication's deliveries claimed in one statement, on H2. */
@HubbenIntegrationTest
class DeliveryClaimsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	DeliveryClaims claims;

	@Autowired
	Deliveries deliveries;

	@Test
	void claimsEachDeliveryOfAPublicationExactlyOnceWhenClaimersRace() throws Exception {
		new ClaimRace(this.claims, this.deliveries, new PublishingFlow(TestClients.admin(this.port), this.emulators))
			.claimsEachDeliveryExactlyOnce();
	}

}
