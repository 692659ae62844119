package org.hubben;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The build's class data sharing training run (profile {@code cds} of
 * {@code web-ui/pom.xml}, which sets {@code hubben.class-data-sharing-training}): once
 * Hubben accepts traffic (so that the health probe answers as it does to a real first
 * request, not 503 while the readiness state still refuses it), it makes the requests a
 * first use makes (the health probe, the login page, the emulators, the JSON API, the
 * public pages) and then stops Hubben, so that the archive the JVM writes at exit also
 * holds what starting the web server and Quartz and serving those requests load, not only
 * what refreshing the context loads.
 *
 * <p>
 * Runs on the main thread after start-up, where blocking holds up nothing else. Every
 * answer is only logged: a request that fails still loaded classes, and the archive is an
 * optimisation, so nothing here fails the build.
 */
@Component
@ConditionalOnBooleanProperty("hubben.class-data-sharing-training")
class ClassDataSharingTraining {

	private static final Logger logger = LoggerFactory.getLogger(ClassDataSharingTraining.class);

	private static final Pattern SLUG = Pattern.compile("\"slug\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final ConfigurableApplicationContext context;

	ClassDataSharingTraining(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@EventListener
	void train(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC) {
			return;
		}
		ConfigurableApplicationContext context = this.context;
		Environment environment = context.getEnvironment();
		String base = "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
		String password = environment.getProperty("hubben.admin.password");
		String username = environment.getProperty("hubben.admin.username", "admin");
		String authorisation = (password != null && !password.isEmpty()) ? "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))
				: null;
		List<String> paths = List.of("/actuator/health", "/login", "/", "/emulator/x/received",
				"/emulator/facebook/received", "/emulator/youtube/received", "/emulator/flickr/received");
		for (String path : paths) {
			get(base, path, null);
		}
		if (authorisation != null) {
			for (String path : List.of("/api/channels", "/api/drafts", "/actuator/health")) {
				get(base, path, authorisation);
			}
			String organisations = get(base, "/api/organisations", authorisation);
			Matcher slug = SLUG.matcher(organisations);
			if (slug.find()) {
				String organisation = "/o/" + slug.group(1);
				for (String path : List.of(organisation, organisation + "/share", organisation + "/feed.atom")) {
					get(base, path, null);
					get(base, path, null);
				}
			}
		}
		logger.info("Class data sharing training: requests made, stopping");
		System.exit(SpringApplication.exit(context));
	}

	private String get(String base, String path, String authorisation) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
		if (authorisation != null) {
			request.header("Authorization", authorisation);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 400) {
				logger.info("Class data sharing training: {} answered {}: {}", path, response.statusCode(),
						response.body());
			}
			else {
				logger.info("Class data sharing training: {} answered {}", path, response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			logger.warn("Class data sharing training: {} failed: {}", path, ex.toString());
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
