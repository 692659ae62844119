package org.hubben.connector.facebook.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.restfb.BinaryAttachment;
import com.restfb.Connection;
import com.restfb.DefaultFacebookClient;
import com.restfb.FacebookClient;
import com.restfb.FacebookEndpoints;
import com.restfb.Parameter;
import com.restfb.Version;
import com.restfb.exception.FacebookOAuthException;
import com.restfb.types.Comment;
import com.restfb.types.FacebookType;
import com.restfb.types.GraphResponse;
import com.restfb.types.Post;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.MediaSamples;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * RestFB, someone else's Graph API client, against {@link FacebookEmulator}: it proves
 * the emulator speaks the protocol Facebook's clients speak, not only the one Hubben's
 * connector happens to send. RestFB names versions only up to the ones it knows, so the
 * configured version goes into its Graph endpoint and the client runs unversioned.
 */
class FacebookEmulatorRestFbTests {

	private static final String PAGE = "1000001";

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.FACEBOOK, PAGE, null);

	private FacebookEmulator emulator;

	private EmulatorServer server;

	@BeforeEach
	void start() {
		this.emulator = new FacebookEmulator(this.tokens);
		this.server = EmulatorServer.start(this.emulator);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private FacebookClient client(String accessToken) {
		String version = this.server.properties(Platform.FACEBOOK, Duration.ofSeconds(5)).facebookVersion();
		String graph = this.server.baseUrl(Platform.FACEBOOK) + "/" + version;
		DefaultFacebookClient client = new DefaultFacebookClient(accessToken, Version.UNVERSIONED);
		client.setFacebookEndpointUrls(new FacebookEndpoints() {

			@Override
			public String getGraphEndpoint() {
				return graph;
			}

			@Override
			public String getGraphVideoEndpoint() {
				return graph;
			}

		});
		return client;
	}

	@Test
	void publishesALinkPostAndReadsItBack() {
		FacebookClient client = client(this.token);
		FacebookType published = client.publish(PAGE + "/feed", FacebookType.class,
				Parameter.with("message", "Published by RestFB"), Parameter.with("link", "https://home.example.org/r"));
		assertThat(published.getId()).startsWith(PAGE + "_");

		Post post = client.fetchObject(published.getId(), Post.class,
				Parameter.with("fields", "id,message,link,created_time,permalink_url,is_published"));
		assertThat(post.getId()).isEqualTo(published.getId());
		assertThat(post.getMessage()).isEqualTo("Published by RestFB");
		assertThat(post.getLink()).isEqualTo("https://home.example.org/r");
		assertThat(post.getIsPublished()).isTrue();
		assertThat(post.getPermalinkUrl()).endsWith("/posts/" + published.getId());
		assertThat(post.getCreatedTime().toInstant()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
		assertThat(this.emulator.received()).singleElement()
			.satisfies((received) -> assertThat(received.link()).isEqualTo("https://home.example.org/r"));
	}

	@Test
	void publishesAPhotoAsABinaryAttachmentAndReadsItsPostBack() {
		FacebookClient client = client(this.token);
		byte[] png = MediaSamples.image("png", 42);
		GraphResponse photo = client.publish(PAGE + "/photos", GraphResponse.class,
				BinaryAttachment.with("view.png", png, "image/png"),
				Parameter.with("message", "A photo by RestFB https://home.example.org/photo"));
		assertThat(photo.getId()).containsOnlyDigits();
		assertThat(photo.getPostId()).startsWith(PAGE + "_");

		Post post = client.fetchObject(photo.getPostId(), Post.class, Parameter.with("fields", "id,message"));
		assertThat(post.getMessage()).isEqualTo("A photo by RestFB https://home.example.org/photo");
		assertThat(this.emulator.received()).singleElement().satisfies((received) -> {
			assertThat(received.remoteId()).isEqualTo(photo.getPostId());
			assertThat(received.link()).isEqualTo("https://home.example.org/photo");
			assertThat(received.media())
				.containsExactly(new ReceivedMedia("image/png", png.length, MediaSamples.sha256(png)));
		});
	}

	@Test
	void givesRestFbTheOAuthExceptionItExpectsForAForgedToken() {
		assertThatExceptionOfType(FacebookOAuthException.class)
			.isThrownBy(() -> client(this.token + "x").publish(PAGE + "/feed", FacebookType.class,
					Parameter.with("message", "Forged")))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo(190);
				assertThat(ex.getHttpStatusCode()).isEqualTo(400);
				assertThat(ex.getFbtraceId()).isNotBlank();
			});
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void readsCommentsPageByPageRepliesAndHidesOne() {
		FacebookClient client = client(this.token);
		String postId = client
			.publish(PAGE + "/feed", FacebookType.class, Parameter.with("message", "Comment on this, RestFB"))
			.getId();
		for (int i = 0; i < 13; i++) {
			this.emulator.comment(new PersonComment(postId, null, "4711", "Anna Andersson", "Comment " + i));
		}
		Connection<Comment> comments = client.fetchConnection(postId + "/comments", Comment.class,
				Parameter.with("filter", "stream"), Parameter.with("order", "chronological"),
				Parameter.with("fields", "id,message,from{id,name},created_time,parent{id},is_hidden"));
		// RestFB turns the next page's URL into https, which the plain-HTTP emulator does
		// not serve; the first page and its cursor show the paging.
		List<Comment> all = comments.getData();
		assertThat(all).hasSize(10);
		assertThat(comments.hasNext()).isTrue();
		assertThat(comments.getAfterCursor()).isNotBlank();
		assertThat(all.get(0).getMessage()).isEqualTo("Comment 0");
		assertThat(all.get(0).getFrom().getName()).isEqualTo("Anna Andersson");
		FacebookType reply = client.publish(all.get(0).getId() + "/comments", FacebookType.class,
				Parameter.with("message", "Tack!"));
		assertThat(this.emulator.comments()).filteredOn((comment) -> comment.id().equals(reply.getId()))
			.singleElement()
			.satisfies((comment) -> {
				assertThat(comment.byChannel()).isTrue();
				assertThat(comment.parentId()).isEqualTo(all.get(0).getId());
			});
		GraphResponse hidden = client.publish(all.get(1).getId(), GraphResponse.class,
				Parameter.with("is_hidden", true));
		assertThat(hidden.isSuccess()).isTrue();
		Comment seen = client.fetchObject(all.get(1).getId(), Comment.class,
				Parameter.with("fields", "id,message,is_hidden"));
		assertThat(seen.getIsHidden()).isTrue();
	}

}
