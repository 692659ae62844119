package org.hubben.web;

import java.util.List;
import java.util.Locale;

import org.hubben.organisation.MemberLanguages;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The language of the team's pages: the member's choice ({@link MemberLanguages}), else
 * the best of Swedish and English in the browser's {@code Accept-Language} (q-values
 * honoured), else English. The public site ({@code /p/}, {@code /o/}, ...) keeps its own
 * rule ({@code site.SiteLanguage}) and never asks this one.
 * <p>
 * Thymeleaf asks the exchange for its locale synchronously while rendering, so the
 * member's choice is read reactively by a web filter beforehand and left in an exchange
 * attribute, where the resolver finds it without blocking.
 */
@Configuration(proxyBeanMethods = false)
class PageLanguage {

	static final Locale SWEDISH = Locale.forLanguageTag("sv");

	static final List<Locale> SUPPORTED = List.of(SWEDISH, Locale.ENGLISH);

	/** The exchange attribute that holds the member's chosen {@link Locale}. */
	static final String CHOSEN = PageLanguage.class.getName() + ".chosen";

	/**
	 * Paths whose answers are not pages of the team: the JSON API, the emulators, the
	 * actuator, static files and the public site.
	 */
	private static final List<String> NOT_PAGES = List.of("/api/", "/emulator/", "/actuator/", "/css/", "/js/",
			"/media/", "/v3/", "/webjars/", "/swagger-ui", "/p/", "/o/", "/m/", "/site/", "/favicon.ico");

	@Bean(WebHttpHandlerBuilder.LOCALE_CONTEXT_RESOLVER_BEAN_NAME)
	LocaleContextResolver localeContextResolver() {
		return new Resolver();
	}

	/**
	 * Reads the member's choice for every page request of a logged-in member. Ordered
	 * after Spring Security's filter chain (order -100), so the principal is known.
	 */
	@Bean
	WebFilter memberLanguageFilter(MemberLanguages languages) {
		return new MemberLanguageFilter(languages);
	}

	/**
	 * @param header an {@code Accept-Language} value, or {@code null}
	 * @return Swedish or English as the header prefers them, English when it names
	 * neither or cannot be read
	 */
	static Locale fromAcceptLanguage(String header) {
		if (header != null && !header.isBlank()) {
			try {
				Locale best = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
				if (best != null) {
					return best;
				}
			}
			catch (IllegalArgumentException ex) {
				// An unreadable header counts as no preference.
			}
		}
		return Locale.ENGLISH;
	}

	static Locale of(String code) {
		return SWEDISH.getLanguage().equals(code) ? SWEDISH : Locale.ENGLISH;
	}

	static final class Resolver implements LocaleContextResolver {

		@Override
		public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
			Locale chosen = exchange.getAttribute(CHOSEN);
			return new SimpleLocaleContext((chosen != null) ? chosen
					: fromAcceptLanguage(exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE)));
		}

		/** Hubben keeps a choice in the member's row, not in the exchange. */
		@Override
		public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
			if (localeContext != null && localeContext.getLocale() != null) {
				exchange.getAttributes().put(CHOSEN, localeContext.getLocale());
			}
			else {
				exchange.getAttributes().remove(CHOSEN);
			}
		}

	}

	static final class MemberLanguageFilter implements WebFilter, Ordered {

		private final MemberLanguages languages;

		MemberLanguageFilter(MemberLanguages languages) {
			this.languages = languages;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, org.springframework.web.server.WebFilterChain chain) {
			String path = exchange.getRequest().getPath().pathWithinApplication().value();
			if (NOT_PAGES.stream().anyMatch(path::startsWith)) {
				return chain.filter(exchange);
			}
			return exchange.getPrincipal()
				.flatMap((principal) -> this.languages.of(principal.getName()))
				.doOnNext((chosen) -> chosen.ifPresent((code) -> exchange.getAttributes().put(CHOSEN, of(code))))
				.then(Mono.defer(() -> chain.filter(exchange)));
		}

		@Override
		public int getOrder() {
			return 0;
		}

	}

}
