package org.hubben.web;

import java.security.Principal;
import java.util.Map;

import org.hubben.organisation.MemberLanguages;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code /api/me/language}: the language of the caller's pages, Swedish ({@code sv}) or
 * English ({@code en}); {@code null} follows the browser's {@code Accept-Language}.
 */
@ApiController("/api/me/language")
@Tag(name = "Your data", description = "Everything Hubben holds about you")
class MemberLanguageApi {

	private final MemberLanguages languages;

	MemberLanguageApi(MemberLanguages languages) {
		this.languages = languages;
	}

	@GetMapping
	@Operation(operationId = "getMyLanguage", summary = "The language you chose for Hubben's pages",
			description = "`{language: \"sv\" | \"en\" | null}`; `null` means your browser's language decides.")
	Mono<LanguageJson> language(Principal principal) {
		return this.languages.of(principal.getName()).map((chosen) -> new LanguageJson(chosen.orElse(null)));
	}

	@PutMapping
	@Operation(operationId = "chooseMyLanguage", summary = "Choose the language of Hubben's pages",
			description = "`{language: \"sv\" | \"en\" | null}`; `null` follows your browser's language. Any other "
					+ "language is a problem with `errors.language`.")
	Mono<LanguageJson> choose(Principal principal, @RequestBody LanguageJson body) {
		return this.languages.choose(principal.getName(), body.language())
			.map((chosen) -> new LanguageJson(chosen.orElse(null)))
			.onErrorMap(MemberLanguages.UnknownLanguage.class,
					(ex) -> new InvalidRequest(Map.of("language", ex.getMessage())));
	}

	/**
	 * @param language {@code sv}, {@code en}, or {@code null} for the browser's language
	 */
	record LanguageJson(String language) {

	}

}
