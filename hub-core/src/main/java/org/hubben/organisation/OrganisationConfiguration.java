package org.hubben.organisation;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrganisationProperties.class)
class OrganisationConfiguration {

	@Bean
	CredentialCipher credentialCipher(OrganisationProperties properties) {
		return CredentialCipher.from(properties.secrets().key(), properties.dataDir().resolve("secrets.key"));
	}

	/**
	 * Delegating, so stored hashes name their algorithm and can be upgraded; bcrypt for
	 * new ones.
	 */
	@Bean
	@ConditionalOnMissingBean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
