package org.hubben.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description of the JSON API, served by springdoc at {@code /v3/api-docs}
 * with Swagger UI at {@code /swagger-ui.html}, both behind the pages' login. Operations
 * and schemas come from the {@link ApiController}s; this adds what they share: the two
 * ways to log in, the problem JSON shape, and the failures every operation can answer.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String BASIC = "basicAuth";

	static final String BEARER = "bearerAuth";

	static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	@Bean
	OpenAPI hubbenApi() {
		return new OpenAPI()
			.info(new Info().title("Hubben JSON API")
				.version("1")
				.description("Compose a post once, schedule it on your organisation's channels, and follow each "
						+ "delivery. Log in with HTTP Basic (your Hubben username and password) or a personal API "
						+ "token (`Authorization: Bearer hbn_...`, created under API tokens); a token acts with "
						+ "its member's role. Errors are RFC 9457 problem JSON; field errors come in `errors`, "
						+ "keyed by field."))
			.components(new Components()
				.addSecuritySchemes(BASIC,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("Your Hubben username and password"))
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("hbn_ token")
							.description("A personal API token, created under API tokens or with POST /api/tokens"))
				.addSchemas(PROBLEM, problemSchema())
				.addResponses("Unauthorized",
						problem("No login, a wrong password, or an API token that is unknown, revoked or expired"))
				.addResponses("InvalidInput", problem("The request is not valid; `errors` says why, per field"))
				.addResponses("NotFound", problem("Nothing with that identifier is yours to see")))
			.security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(BEARER)));
	}

	/**
	 * Every operation can be refused a login; one with a path parameter can find nothing;
	 * one that reads a body or a query can be given bad input. Operations that document
	 * such a response themselves keep theirs.
	 */
	@Bean
	OpenApiCustomizer problemResponses() {
		return (api) -> {
			if (api.getPaths() == null) {
				return;
			}
			api.getPaths().forEach((path, item) -> {
				for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
					Operation operation = entry.getValue();
					ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses()
							: new ApiResponses();
					operation.setResponses(responses);
					responses.computeIfAbsent("401", (code) -> reference("Unauthorized"));
					List<Parameter> parameters = (operation.getParameters() != null) ? operation.getParameters()
							: List.of();
					if (parameters.stream().anyMatch((parameter) -> "path".equals(parameter.getIn()))) {
						responses.computeIfAbsent("404", (code) -> reference("NotFound"));
					}
					if (operation.getRequestBody() != null
							|| parameters.stream().anyMatch((parameter) -> "query".equals(parameter.getIn()))) {
						responses.computeIfAbsent("400", (code) -> reference("InvalidInput"));
					}
				}
			});
		};
	}

	@SuppressWarnings("rawtypes")
	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new java.util.LinkedHashMap<>();
		properties.put("type", new StringSchema().format("uri")
			.description("What kind of problem, e.g. https://hubben.org/problems/invalid-input"));
		properties.put("title", new StringSchema().description("A short summary of the kind"));
		properties.put("status", new IntegerSchema().description("The HTTP status"));
		properties.put("detail", new StringSchema().description("What went wrong, in words a person can act on"));
		properties.put("instance", new StringSchema().format("uri").description("The path that was called"));
		properties.put("errors", new MapSchema().additionalProperties(new StringSchema())
			.description("For invalid input: a message per field, keyed by the field's name"));
		return new ObjectSchema().description("RFC 9457 problem details").properties(properties);
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	private static ApiResponse reference(String name) {
		return new ApiResponse().$ref("#/components/responses/" + name);
	}

}
