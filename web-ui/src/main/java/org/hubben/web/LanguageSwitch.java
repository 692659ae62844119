package org.hubben.web;

import java.net.URI;
import java.security.Principal;

import org.hubben.organisation.MemberLanguages;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code POST /language}: the header's Svenska / English switch. Saves the member's
 * choice ({@code language=sv|en}, empty to follow the browser) and goes back to the page
 * it was made on.
 */
@Controller
class LanguageSwitch {

	private final MemberLanguages languages;

	LanguageSwitch(MemberLanguages languages) {
		this.languages = languages;
	}

	@PostMapping("/language")
	Mono<ResponseEntity<Void>> choose(ServerWebExchange exchange, Principal principal) {
		return exchange.getFormData()
			.flatMap((form) -> this.languages.choose(principal.getName(), form.getFirst("language"))
				.thenReturn(back(exchange.getRequest().getHeaders().getFirst(HttpHeaders.REFERER))))
			.onErrorResume(MemberLanguages.UnknownLanguage.class,
					(ex) -> Mono.just(back(exchange.getRequest().getHeaders().getFirst(HttpHeaders.REFERER))))
			.map((target) -> ResponseEntity.status(HttpStatus.SEE_OTHER).location(target).<Void>build());
	}

	/**
	 * The page to go back to: the referring page's path and query, never another host.
	 */
	static URI back(String referer) {
		if (referer != null) {
			try {
				URI uri = URI.create(referer);
				String path = uri.getRawPath();
				if (path != null && path.startsWith("/") && !path.startsWith("//") && !path.equals("/language")) {
					return URI.create(path + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
				}
			}
			catch (IllegalArgumentException ex) {
				// An unreadable Referer: go to the dashboard.
			}
		}
		return URI.create("/");
	}

}
