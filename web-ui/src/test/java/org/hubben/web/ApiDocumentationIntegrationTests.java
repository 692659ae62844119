package org.hubben.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes every {@code /api} endpoint the application maps, is
 * valid OpenAPI 3 to an independent parser (swagger-parser), and is, like Swagger UI,
 * only for people logged in.
 */
@HubbenIntegrationTest
class ApiDocumentationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private SignedInBrowser browser;

	private WebTestClient client;

	@BeforeEach
	void logIn() {
		this.browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		this.client = SignedInBrowser.client("http://127.0.0.1:" + this.port);
	}

	@Test
	void describesEveryApiEndpointTheApplicationMapsAsValidOpenApi3() throws Exception {
		String json = document();
		Files.writeString(Files.createDirectories(Path.of("target")).resolve("openapi.json"), json);
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json);
		assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
		OpenAPI api = parsed.getOpenAPI();
		assertThat(api.getOpenapi()).startsWith("3.");

		List<String> mapped = new ArrayList<>();
		List<String> operationIds = new ArrayList<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
				if (!pattern.getPatternString().startsWith("/api/")) {
					continue;
				}
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					String path = pattern.getPatternString();
					mapped.add(method + " " + path);
					PathItem item = api.getPaths().get(path);
					assertThat(item).as("the document's path %s", path).isNotNull();
					Operation operation = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.name()));
					assertThat(operation).as("%s %s in the document", method, path).isNotNull();
					assertThat(operation.getSummary()).as("the summary of %s %s", method, path).isNotBlank();
					assertThat(operation.getTags()).as("the tags of %s %s", method, path).isNotEmpty();
					assertThat(operation.getOperationId()).as("the operationId of %s %s", method, path)
						.doesNotContain("_");
					operationIds.add(operation.getOperationId());
					assertThat(operation.getResponses()).as("the responses of %s %s", method, path).containsKey("401");
					assertThat(operation.getResponses().keySet()).as("the answers of %s %s", method, path)
						.anyMatch((code) -> code.startsWith("2"));
					if (path.contains("{")) {
						assertThat(operation.getResponses()).as("the responses of %s %s", method, path)
							.containsKey("404");
					}
				}
			}
		}
		assertThat(mapped).as("the API's endpoints")
			.contains("GET /api/channels", "POST /api/posts", "POST /api/posts/preview", "GET /api/posts/{id}",
					"POST /api/posts/{postId}/publications", "GET /api/publications/{id}",
					"POST /api/publications/{id}/retry", "DELETE /api/publications/{id}", "POST /api/media",
					"GET /api/media/{id}", "GET /api/media/{id}/content", "GET /api/link-card", "GET /api/tokens",
					"POST /api/tokens", "DELETE /api/tokens/{id}");
		long described = api.getPaths().values().stream().mapToLong((item) -> item.readOperationsMap().size()).sum();
		assertThat(described).as("operations described, none that the application does not map")
			.isEqualTo(mapped.size());
		assertThat(operationIds).as("operationIds, for client generators").doesNotHaveDuplicates();
		assertThat(api.getPaths().keySet()).allSatisfy((path) -> assertThat(path).startsWith("/api/"));
	}

	@Test
	void describesTheTwoWaysToLogInTheProblemShapeAndTheBodies() {
		OpenAPI api = new OpenAPIV3Parser().readContents(document()).getOpenAPI();
		assertThat(api.getComponents().getSecuritySchemes()).containsOnlyKeys("basicAuth", "bearerAuth");
		assertThat(api.getComponents().getSecuritySchemes().get("basicAuth").getScheme()).isEqualTo("basic");
		assertThat(api.getComponents().getSecuritySchemes().get("bearerAuth").getScheme()).isEqualTo("bearer");
		assertThat(api.getSecurity()).hasSize(2);
		assertThat(api.getComponents().getSchemas().get("Problem").getProperties()).containsKeys("type", "title",
				"status", "detail", "instance", "errors");
		ApiResponse unauthorized = api.getComponents().getResponses().get("Unauthorized");
		assertThat(unauthorized.getContent()).containsOnlyKeys(MediaType.APPLICATION_PROBLEM_JSON_VALUE);

		Operation compose = api.getPaths().get("/api/posts").getPost();
		assertThat(compose.getRequestBody().getContent().get(MediaType.APPLICATION_JSON_VALUE).getSchema().get$ref())
			.endsWith("/ComposeJson");
		assertThat(compose.getResponses()).containsKeys("201", "400", "401");
		assertThat(compose.getResponses()
			.get("201")
			.getContent()
			.get(MediaType.APPLICATION_JSON_VALUE)
			.getSchema()
			.get$ref()).endsWith("/PostJson");
		assertThat(api.getComponents().getSchemas().get("ComposeJson").getProperties()).containsKeys("title", "text",
				"link", "variants", "mediaIds", "shared");
		assertThat(api.getComponents().getSchemas().get("DeliveryJson").getProperties()).containsKeys("state",
				"remoteId", "error", "nextAttemptAt");

		Operation upload = api.getPaths().get("/api/media").getPost();
		assertThat(upload.getRequestBody().getContent()).containsKey(MediaType.MULTIPART_FORM_DATA_VALUE);
		assertThat(upload.getResponses()).containsKeys("201", "400", "401", "413", "415");
		assertThat(api.getPaths().get("/api/tokens").getPost().getResponses().get("201").getDescription())
			.contains("text");
	}

	@Test
	void documentAndSwaggerUiAreForPeopleLoggedIn() {
		WebTestClient anonymous = TestClients.anonymous(this.port);
		anonymous.get().uri("/v3/api-docs").exchange().expectStatus().isFound().expectHeader().location("/login");
		anonymous.get().uri("/swagger-ui.html").exchange().expectStatus().isFound().expectHeader().location("/login");
		anonymous.get()
			.uri("/webjars/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login");

		String swaggerUi = this.client.get()
			.uri("/webjars/swagger-ui/index.html")
			.cookie("SESSION", this.browser.session())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(swaggerUi).contains("swagger-ui");
		Map<?, ?> config = this.client.get()
			.uri("/v3/api-docs/swagger-config")
			.cookie("SESSION", this.browser.session())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(config.get("url")).isEqualTo("/v3/api-docs");
		assertThat(this.browser.page("/").select("header nav a[href=/swagger-ui.html]").eachText())
			.containsExactly("API");
	}

	private String document() {
		return this.client.get()
			.uri("/v3/api-docs")
			.cookie("SESSION", this.browser.session())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
