package org.hubben.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import java.time.Clock;

import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.organisation.LoginAttempts;
import org.hubben.organisation.MemberAdministrator;
import org.hubben.organisation.Members;
import org.hubben.organisation.Role;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who may do what over HTTP. The JSON API takes HTTP Basic or a personal API token
 * ({@code Authorization: Bearer hbn_…}) and answers 401 and 403 as problem JSON; the
 * pages (Swagger UI and the OpenAPI document among them) take a form login with CSRF
 * protection. The emulators stand in for other companies' APIs and check their own
 * credentials, as those APIs do.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

	private static final String LOG_IN = "Log in with HTTP Basic (your Hubben username and password) or a personal "
			+ "API token (Authorization: Bearer hbn_...)";

	private static final String LOG_IN_AS_ADMINISTRATOR = "Log in as a Hubben administrator, with HTTP Basic or a "
			+ "personal API token (Authorization: Bearer hbn_...)";

	private static final List<String> BASIC_OR_BEARER = List.of("Basic realm=\"Hubben\"", "Bearer realm=\"Hubben\"");

	@Bean
	@Order(1)
	SecurityWebFilterChain api(ServerHttpSecurity http, JsonMapper json, ApiTokenIssuer tokens,
			ReactiveAuthenticationManager passwordLogins) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.authenticationManager(passwordLogins)
			.addFilterAt(BearerTokenLogin.filter(tokens, (exchange, ex) -> refusedToken(exchange, json, ex)),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.httpBasic((basic) -> basic.authenticationEntryPoint((exchange, ex) -> unauthorized(exchange, json, ex)))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint((exchange, ex) -> unauthorized(exchange, json, ex))
						.accessDeniedHandler((exchange, ex) -> problem(exchange, json, HttpStatus.FORBIDDEN,
								"Your role does not allow this", List.of())))
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			// A call with its own Authorization header (Basic, a token) carries no
			// ambient
			// credentials a forged page could ride on; a call from Hubben's own pages
			// rides
			// on the login session, so it must show the page's CSRF token.
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(WebSecurity::changesWithTheSession)
				.csrfTokenRequestHandler(multipartAware())
				.accessDeniedHandler((exchange, ex) -> problem(exchange, json, HttpStatus.FORBIDDEN,
						"A call with the login session needs the page's CSRF token (header X-CSRF-TOKEN); "
								+ "other clients log in with HTTP Basic or an API token",
						List.of())))
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.build();
	}

	/**
	 * 401 for a call without credentials, with bad ones, or whose page session just ended
	 * (saying so); 429 with {@code Retry-After} while the login rate limit refuses the
	 * username or the client.
	 */
	private static Mono<Void> unauthorized(ServerWebExchange exchange, JsonMapper json, AuthenticationException ex) {
		if (ex instanceof LoginGuard.LoginThrottled throttled) {
			exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(throttled.seconds()));
			return problem(exchange, json, HttpStatus.TOO_MANY_REQUESTS, throttled.getMessage(), List.of());
		}
		String ended = SessionExpiry.endedOf(exchange);
		return problem(exchange, json, HttpStatus.UNAUTHORIZED,
				(ended != null) ? SessionExpiry.apiDetail(ended) + ". " + LOG_IN : LOG_IN, BASIC_OR_BEARER);
	}

	/**
	 * Password logins, the form's and HTTP Basic's, under the login rate limit.
	 */
	@Bean
	ReactiveAuthenticationManager passwordLogins(ReactiveUserDetailsService memberDetails,
			PasswordEncoder passwordEncoder, LoginAttempts attempts, MemberAdministrator administrator) {
		return LoginGuard.manager(memberDetails, passwordEncoder, attempts, administrator);
	}

	private static Mono<ServerWebExchangeMatcher.MatchResult> changesWithTheSession(ServerWebExchange exchange) {
		var request = exchange.getRequest();
		boolean safe = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod())
				|| HttpMethod.OPTIONS.equals(request.getMethod());
		boolean ownCredentials = request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		boolean session = request.getCookies().containsKey("SESSION");
		return (safe || ownCredentials || !session) ? ServerWebExchangeMatcher.MatchResult.notMatch()
				: ServerWebExchangeMatcher.MatchResult.match();
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain emulators(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/emulator/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.build();
	}

	/**
	 * Health and info are open to probes (health shows details to administrators only);
	 * metrics and the rest of the actuator take an administrator's HTTP Basic login, as a
	 * monitoring system sends it.
	 */
	@Bean
	@Order(3)
	SecurityWebFilterChain actuator(ServerHttpSecurity http, JsonMapper json, ApiTokenIssuer tokens,
			ReactiveAuthenticationManager passwordLogins) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/actuator/**"))
			.authenticationManager(passwordLogins)
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
						.permitAll()
						.anyExchange()
						.hasRole(Role.ADMIN.name()))
			.addFilterAt(BearerTokenLogin.filter(tokens, (exchange, ex) -> refusedToken(exchange, json, ex)),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.httpBasic((basic) -> basic.authenticationEntryPoint((exchange, ex) -> problem(exchange, json,
					HttpStatus.UNAUTHORIZED, LOG_IN_AS_ADMINISTRATOR, BASIC_OR_BEARER)))
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((exchange, ex) -> problem(exchange, json, HttpStatus.UNAUTHORIZED,
						LOG_IN_AS_ADMINISTRATOR, BASIC_OR_BEARER))
				.accessDeniedHandler((exchange, ex) -> problem(exchange, json, HttpStatus.FORBIDDEN,
						"Only administrators see Hubben's metrics", List.of())))
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.build();
	}

	@Bean
	@Order(4)
	SecurityWebFilterChain pages(ServerHttpSecurity http, ReactiveAuthenticationManager passwordLogins,
			SessionExpiry sessionExpiry, Clock clock) {
		RedirectServerAuthenticationEntryPoint toLogin = new RedirectServerAuthenticationEntryPoint("/login");
		RedirectServerAuthenticationEntryPoint expired = new RedirectServerAuthenticationEntryPoint("/login?expired");
		RedirectServerAuthenticationEntryPoint changed = new RedirectServerAuthenticationEntryPoint("/login?changed");
		return http
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/login", "/css/**", "/favicon.ico", "/invitations/*", "/password-reset/*")
				.permitAll()
				.anyExchange()
				.authenticated())
			.authenticationManager(passwordLogins)
			.formLogin((form) -> form.loginPage("/login")
				.authenticationFailureHandler(LoginGuard.formFailure())
				.authenticationSuccessHandler(LoginGuard.formSuccess(sessionExpiry, clock)))
			// After the form login's own entry point, so that a session that just ended
			// sends the page to a login that says why.
			.exceptionHandling((handling) -> handling.authenticationEntryPoint((exchange, ex) -> {
				String ended = SessionExpiry.endedOf(exchange);
				return ((ended == null) ? toLogin : "changed".equals(ended) ? changed : expired).commence(exchange, ex);
			}))
			.logout((logout) -> logout.logoutUrl("/logout"))
			.csrf((csrf) -> csrf.csrfTokenRequestHandler(multipartAware()))
			.build();
	}

	/**
	 * The compose form is multipart (it carries files), so the token is also looked for
	 * among multipart fields, not only in urlencoded forms and headers.
	 */
	private static XorServerCsrfTokenRequestAttributeHandler multipartAware() {
		XorServerCsrfTokenRequestAttributeHandler handler = new XorServerCsrfTokenRequestAttributeHandler();
		handler.setTokenFromMultipartDataEnabled(true);
		return handler;
	}

	@Bean
	ReactiveUserDetailsService memberDetails(Members members) {
		return (username) -> members.findByUsername(username)
			.map((member) -> User.withUsername(member.username())
				.password(member.passwordHash())
				.roles(member.role().name())
				.build());
	}

	/**
	 * A bearer token that authenticates nothing: the reason (unknown, revoked, expired)
	 * and RFC 6750's {@code invalid_token} challenge, so that a client asks for a new
	 * token instead of retrying.
	 */
	private static Mono<Void> refusedToken(ServerWebExchange exchange, JsonMapper json, AuthenticationException ex) {
		return problem(exchange, json, HttpStatus.UNAUTHORIZED, ex.getMessage(),
				List.of("Bearer realm=\"Hubben\", error=\"invalid_token\""));
	}

	/**
	 * @param challenges the {@code WWW-Authenticate} values, one per scheme the client
	 * may use; empty for none
	 */
	private static Mono<Void> problem(ServerWebExchange exchange, JsonMapper json, HttpStatus status, String detail,
			List<String> challenges) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		var response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (!challenges.isEmpty()) {
			response.getHeaders().put(HttpHeaders.WWW_AUTHENTICATE, challenges);
		}
		DataBuffer body = response.bufferFactory()
			.wrap(json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

}
