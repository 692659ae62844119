package org.hubben.web;

import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /login}: the form Spring Security's form login reads; it answers failures with
 * {@code ?error} and a logout with {@code ?logout}.
 */
@Controller
class LoginPage {

	@GetMapping("/login")
	Mono<Rendering> login(ServerWebExchange exchange) {
		var query = exchange.getRequest().getQueryParams();
		return Mono.just(Rendering.view("login")
			.modelAttribute("failed", query.containsKey("error"))
			.modelAttribute("loggedOut", query.containsKey("logout"))
			.build());
	}

}
