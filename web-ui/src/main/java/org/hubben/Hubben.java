package org.hubben;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts Hubben: the JSON API, the team's pages, the scheduler and, in the embedded
 * default, the emulators.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class Hubben {

	public static void main(String[] args) {
		SpringApplication.run(Hubben.class, args);
	}

}
