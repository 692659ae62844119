package org.hubben.content;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Link previews, fetched through the operating system's resolver. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LinkPreviewProperties.class)
class LinkPreviewConfiguration {

	@Bean
	PageFetcher pageFetcher(LinkPreviewProperties properties) {
		return new PageFetcher(new AddressGuard(properties.allowedHosts()), HostResolver.system());
	}

	@Bean
	LinkCards linkCards(PageFetcher pageFetcher) {
		return new LinkCards(pageFetcher);
	}

}
