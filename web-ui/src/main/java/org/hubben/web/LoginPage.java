package org.hubben.web;

import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /login}: the form Spring Security's form login reads; it answers failures with
 * {@code ?error}, a logout with {@code ?logout}, a login the rate limit refused with
 * {@code ?locked=<minutes>}, an ended session with {@code ?expired} or {@code ?changed},
 * and a new password with {@code ?reset}.
 */
@Controller
class LoginPage {

	@GetMapping("/login")
	Mono<Rendering> login(ServerWebExchange exchange) {
		var query = exchange.getRequest().getQueryParams();
		return Mono.just(Rendering.view("login")
			.modelAttribute("failed", query.containsKey("error"))
			.modelAttribute("loggedOut", query.containsKey("logout"))
			.modelAttribute("expired", query.containsKey("expired"))
			.modelAttribute("changed", query.containsKey("changed"))
			.modelAttribute("reset", query.containsKey("reset"))
			.modelAttribute("locked", locked(query.getFirst("locked")))
			.build());
	}

	/** Whole minutes to wait, as the rate limit said; {@code null} when not locked. */
	private static Long locked(String minutes) {
		if (minutes == null) {
			return null;
		}
		try {
			return Math.max(1, Math.min(Long.parseLong(minutes), 24 * 60));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
