package org.hubben.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;

/**
 * {@code POST /api/media} streams its file part straight into the media store, which
 * enforces {@code hubben.media.max-size} itself as the bytes arrive and reads a refused
 * upload to its end (up to a bound) so that the client hears the 413. The part limit
 * Spring Boot derives from {@code spring.webflux.multipart.max-disk-usage-per-part} is
 * meant for forms whose parts go to disk (the compose page); applied to streamed parts it
 * would cut the connection first, so streamed parts are limited by the store alone. Their
 * headers, form fields and number stay limited by the codec.
 */
@Configuration(proxyBeanMethods = false)
class UploadCodecs {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CodecCustomizer streamedPartsLimitedByTheMediaStore() {
		return (configurer) -> configurer.defaultCodecs().configureDefaultCodec((codec) -> {
			if (codec instanceof PartEventHttpMessageReader reader) {
				reader.setMaxPartSize(-1);
			}
		});
	}

}
