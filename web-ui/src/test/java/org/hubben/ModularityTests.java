package org.hubben;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages are Spring Modulith modules: no cycles, each uses only what the
 * others expose, and each only the modules its {@code package-info.java} allows.
 */
class ModularityTests {

	@Test
	void modulesRespectTheirBoundaries() {
		ApplicationModules.of(Hubben.class).verify();
	}

}
