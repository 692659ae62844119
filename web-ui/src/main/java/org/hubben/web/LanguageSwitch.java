package org.hubben.web;

import java.net.URI;
import java.security.Principal;

import org.hubben.organisation.MemberLanguages;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
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
		return exchange.getFormData().flatMap((form) -> {
			URI back = back(form.getFirst("back"), exchange.getRequest().getHeaders().getFirst(HttpHeaders.REFERER));
			return this.languages.choose(principal.getName(), form.getFirst("language"))
				.thenReturn(back)
				// A language the switch does not offer: the page as it was.
				.onErrorResume(MemberLanguages.UnknownLanguage.class, (ex) -> Mono.just(back));
		}).map((target) -> ResponseEntity.status(HttpStatus.SEE_OTHER).location(target).<Void>build());
	}

	/**
	 * @param back the page the switch was on, as the form names it, or {@code null}
	 * @param referer the {@code Referer} header, or {@code null}
	 * @return the first of the two that is a path of this site, else the dashboard
	 */
	static URI back(String back, String referer) {
		URI page = back(back);
		return page.getPath().equals("/") ? back(referer) : page;
	}

	/**
	 * The page to go back to: the path and query of an address, never another host.
	 */
	static URI back(String address) {
		if (address != null) {
			try {
				URI uri = URI.create(address);
				String path = uri.getRawPath();
				if (path != null && path.startsWith("/") && !path.startsWith("//") && !path.equals("/language")) {
					return URI.create(path + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
				}
			}
			catch (IllegalArgumentException ex) {
				// An unreadable address: go to the dashboard.
			}
		}
		return URI.create("/");
	}

	/**
	 * The address of every page, for the switch to go back to: Spring Security's
	 * {@code Referrer-Policy: no-referrer} keeps browsers from sending it.
	 */
	@ControllerAdvice(annotations = Controller.class)
	static class CurrentPage {

		@ModelAttribute("languageSwitchBack")
		String back(ServerWebExchange exchange) {
			var request = exchange.getRequest();
			String query = request.getURI().getRawQuery();
			return request.getPath().pathWithinApplication().value() + ((query != null) ? "?" + query : "");
		}

	}

}
