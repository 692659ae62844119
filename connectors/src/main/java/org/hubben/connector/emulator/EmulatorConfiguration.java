package org.hubben.connector.emulator;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Mounts every {@link Emulator} bean under {@code /emulator/} when
 * {@code hubben.platforms.emulators} is on (the embedded default); a production
 * deployment turns it off and no emulator bean exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("hubben.platforms.emulators")
public class EmulatorConfiguration {

	/**
	 * @param key signs emulator tokens; not a secret of any value, since only the local
	 * emulators accept them
	 */
	@Bean
	EmulatorTokens emulatorTokens(@Value("${hubben.platforms.emulator-key:hubben-emulator}") String key) {
		return new EmulatorTokens(key, Clock.systemUTC());
	}

	@Bean
	RouterFunction<ServerResponse> emulatorRoutes(List<Emulator> emulators) {
		return EmulatorRoutes.mount(emulators);
	}

}
