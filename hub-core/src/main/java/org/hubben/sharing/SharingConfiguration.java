package org.hubben.sharing;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiteProperties.class)
class SharingConfiguration {

	/** Replaced by the media module's own bean once posts carry media. */
	@Bean
	@ConditionalOnMissingBean
	PublicImages publicImages() {
		return PublicImages.none();
	}

}
