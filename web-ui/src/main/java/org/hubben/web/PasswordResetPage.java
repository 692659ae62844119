package org.hubben.web;

import java.util.Map;

import org.hubben.organisation.InvalidMemberInput;
import org.hubben.organisation.Member;
import org.hubben.organisation.OneTimeLinkRefused;
import org.hubben.organisation.PasswordResets;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /password-reset/{token}}: a member chooses a new password through the link an
 * administrator made, then logs in with it.
 */
@Controller
class PasswordResetPage {

	private final PasswordResets resets;

	PasswordResetPage(PasswordResets resets) {
		this.resets = resets;
	}

	@GetMapping("/password-reset/{token}")
	Mono<Rendering> open(@PathVariable String token) {
		return this.resets.open(token)
			.map((member) -> page(member, token, Map.of(), HttpStatus.OK))
			.onErrorResume(OneTimeLinkRefused.class, InvitationPage::refused);
	}

	@PostMapping("/password-reset/{token}")
	Mono<Rendering> set(@PathVariable String token, @ModelAttribute PasswordForm form) {
		return this.resets.open(token)
			.flatMap((member) -> this.resets.use(token, form.password())
				.map((changed) -> Rendering.redirectTo("/login?reset").build())
				.onErrorResume(InvalidMemberInput.class,
						(ex) -> Mono.just(page(member, token, ex.errors(), HttpStatus.BAD_REQUEST))))
			.onErrorResume(OneTimeLinkRefused.class, InvitationPage::refused);
	}

	private static Rendering page(Member member, String token, Map<String, String> errors, HttpStatus status) {
		return Rendering.view("password-reset")
			.modelAttribute("username", member.username())
			.modelAttribute("token", token)
			.modelAttribute("errors", errors)
			.status(status)
			.build();
	}

	record PasswordForm(String password) {

		@Override
		public String toString() {
			return "PasswordForm";
		}

	}

}
