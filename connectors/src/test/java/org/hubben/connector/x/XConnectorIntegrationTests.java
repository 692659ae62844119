package org.hubben.connector.x;

import org.hubben.connector.x.emulator.XEmulator;
import org.hubben.connector.Connectors;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.emulator.EmulatorConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link XConnector} and {@link XEmulator} come into a Spring context.
 */
class XConnectorIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withUserConfiguration(
			WebClientConfiguration.class, EmulatorConfiguration.class, PlatformEndpoints.class, Connectors.class,
			XConnector.class, XEmulator.class);

	@Test
	void registersTheConnectorAndTheEmulatorWithConfiguredLimitsWhenEmulatorsAreOn() {
		this.contextRunner
			.withPropertyValues("hubben.platforms.emulators=true", "hubben.platforms.x-emulator.posts-per-15-minutes=7",
					"hubben.platforms.x-emulator.posts-per-app-per-24-hours=70")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Connectors.class).forPlatform(Platform.X))
					.containsInstanceOf(XConnector.class);
				assertThat(context.getBean(XEmulator.class).limits().postsPer15Minutes()).isEqualTo(7);
				assertThat(context.getBean(XEmulator.class).limits().postsPerAppPer24Hours()).isEqualTo(70);
			});
	}

	@Test
	void registersOnlyTheConnectorWhenEmulatorsAreOff() {
		this.contextRunner.withPropertyValues("hubben.platforms.emulators=false").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(XConnector.class).doesNotHaveBean(XEmulator.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class WebClientConfiguration {

		@Bean
		WebClient.Builder webClientBuilder() {
			return WebClient.builder();
		}

	}

}
