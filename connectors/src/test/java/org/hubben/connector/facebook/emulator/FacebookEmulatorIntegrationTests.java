package org.hubben.connector.facebook.emulator;

import java.time.Duration;

import org.hubben.connector.emulator.EmulatorConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class FacebookEmulatorIntegrationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(EmulatorConfiguration.class, FacebookEmulator.class);

	@Test
	void existsOnlyWhenTheEmulatorsAreOn() {
		this.contexts.run((context) -> assertThat(context).doesNotHaveBean(FacebookEmulator.class));
		this.contexts.withPropertyValues("hubben.platforms.emulators=true")
			.run((context) -> assertThat(context).hasSingleBean(FacebookEmulator.class));
	}

	@Test
	void takesItsLimitsFromConfigurationWithFacebooksDefaults() {
		this.contexts.withPropertyValues("hubben.platforms.emulators=true")
			.run((context) -> assertThat(context.getBean(FacebookEmulator.class).limits())
				.isEqualTo(FacebookEmulator.Limits.DEFAULTS));
		this.contexts
			.withPropertyValues("hubben.platforms.emulators=true",
					"hubben.platforms.facebook-emulator.calls-per-page-hour=200",
					"hubben.platforms.facebook-emulator.earliest-schedule=1m",
					"hubben.platforms.facebook-emulator.latest-schedule=180d")
			.run((context) -> assertThat(context.getBean(FacebookEmulator.class).limits())
				.isEqualTo(new FacebookEmulator.Limits(200, Duration.ofMinutes(1), Duration.ofDays(180))));
	}

}
