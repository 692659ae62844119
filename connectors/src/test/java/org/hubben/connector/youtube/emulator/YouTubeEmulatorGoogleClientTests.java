package org.hubben.connector.youtube.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.media.MediaHttpUploader;
import com.google.api.client.http.HttpBackOffUnsuccessfulResponseHandler;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.InputStreamContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.ExponentialBackOff;
import com.google.api.services.youtube.YouTube;
import com.google.api.services.youtube.model.Channel;
import com.google.api.services.youtube.model.Comment;
import com.google.api.services.youtube.model.CommentListResponse;
import com.google.api.services.youtube.model.CommentSnippet;
import com.google.api.services.youtube.model.CommentThreadListResponse;
import com.google.api.services.youtube.model.Video;
import com.google.api.services.youtube.model.VideoSnippet;
import com.google.api.services.youtube.model.VideoStatus;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.youtube.SampleVideos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Google's own YouTube client ({@code google-api-services-youtube} with its
 * {@link MediaHttpUploader}) against {@link YouTubeEmulator}: an independent client,
 * written by Google for the real API, proves the emulator speaks the real protocol.
 */
class YouTubeEmulatorGoogleClientTests {

	private static final String CHANNEL = "UCgoogleclient0000000001";

	private static final int CHUNK = MediaHttpUploader.MINIMUM_CHUNK_SIZE;

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.YOUTUBE, CHANNEL, null);

	private YouTubeEmulator emulator;

	private EmulatorServer server;

	@BeforeEach
	void start() {
		this.emulator = new YouTubeEmulator(this.tokens);
		this.emulator.channel(CHANNEL, "Google client channel");
		this.server = EmulatorServer.start(this.emulator);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	/**
	 * Google's client, rooted at the emulator. The generated upload request alone builds
	 * its path from the host root ({@code /upload/youtube/v3/...}), as the real API lives
	 * at a host root; the interceptor puts the emulator's mount path in front of it,
	 * which changes nothing else about the request.
	 */
	private YouTube youtube(String bearer, boolean retryServerErrors) {
		String mount = this.server.baseUrl(Platform.YOUTUBE).getRawPath();
		HttpRequestInitializer initializer = (request) -> {
			request.getHeaders().setAuthorization("Bearer " + bearer);
			request.setInterceptor((outgoing) -> {
				String path = outgoing.getUrl().getRawPath();
				if (path.startsWith("/upload/")) {
					outgoing.getUrl().setRawPath(mount + path);
				}
			});
			if (retryServerErrors) {
				request.setUnsuccessfulResponseHandler(new HttpBackOffUnsuccessfulResponseHandler(
						new ExponentialBackOff.Builder().setInitialIntervalMillis(10).build()));
			}
		};
		return new YouTube.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), initializer)
			.setApplicationName("hubben-tests")
			.setRootUrl(this.server.baseUrl(Platform.YOUTUBE) + "/")
			.build();
	}

	private YouTube.Videos.Insert insert(YouTube youtube, byte[] bytes) throws IOException {
		Video video = new Video()
			.setSnippet(new VideoSnippet().setTitle("From Google's client")
				.setDescription("Uploaded by MediaHttpUploader https://home.example.org/?utm_source=youtube")
				.setTags(List.of("google", "client"))
				.setCategoryId("22"))
			.setStatus(new VideoStatus().setPrivacyStatus("unlisted"));
		InputStreamContent media = new InputStreamContent("video/mp4", new ByteArrayInputStream(bytes));
		media.setLength(bytes.length);
		YouTube.Videos.Insert insert = youtube.videos().insert(List.of("snippet", "status"), video, media);
		MediaHttpUploader uploader = insert.getMediaHttpUploader();
		uploader.setDirectUploadEnabled(false);
		uploader.setChunkSize(CHUNK);
		return insert;
	}

	@Test
	void googlesClientUploadsInChunksThenListsTheVideoAndTheChannel() throws IOException {
		byte[] bytes = SampleVideos.mp4(3 * CHUNK + 1234);
		YouTube youtube = youtube(this.token, false);
		YouTube.Videos.Insert insert = insert(youtube, bytes);
		List<MediaHttpUploader.UploadState> states = new ArrayList<>();
		insert.getMediaHttpUploader().setProgressListener((uploader) -> states.add(uploader.getUploadState()));
		Video uploaded = insert.execute();
		assertThat(uploaded.getId()).hasSize(11);
		assertThat(uploaded.getSnippet().getTitle()).isEqualTo("From Google's client");
		assertThat(uploaded.getSnippet().getTags()).containsExactly("google", "client");
		assertThat(uploaded.getStatus().getUploadStatus()).isEqualTo("uploaded");
		assertThat(uploaded.getStatus().getPrivacyStatus()).isEqualTo("unlisted");
		assertThat(states).containsSubsequence(MediaHttpUploader.UploadState.INITIATION_COMPLETE,
				MediaHttpUploader.UploadState.MEDIA_IN_PROGRESS, MediaHttpUploader.UploadState.MEDIA_COMPLETE);
		assertThat(this.emulator.uploads()).singleElement().satisfies((upload) -> {
			assertThat(upload.totalBytes()).isEqualTo(bytes.length);
			assertThat(upload.bytesReceived()).isEqualTo(bytes.length);
		});
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.media().get(0).sha256()).isEqualTo(sha256(bytes)));

		List<Video> listed = youtube.videos()
			.list(List.of("snippet", "status"))
			.setId(List.of(uploaded.getId()))
			.execute()
			.getItems();
		assertThat(listed).singleElement().satisfies((video) -> {
			assertThat(video.getId()).isEqualTo(uploaded.getId());
			assertThat(video.getSnippet().getChannelId()).isEqualTo(CHANNEL);
			assertThat(video.getStatus().getPrivacyStatus()).isEqualTo("unlisted");
		});
		List<Channel> channels = youtube.channels().list(List.of("snippet")).setMine(true).execute().getItems();
		assertThat(channels).singleElement().satisfies((channel) -> {
			assertThat(channel.getId()).isEqualTo(CHANNEL);
			assertThat(channel.getSnippet().getTitle()).isEqualTo("Google client channel");
		});
	}

	@Test
	void googlesClientAsksWhatArrivedAfterAServerErrorAndGoesOn() throws IOException {
		byte[] bytes = SampleVideos.mp4(3 * CHUNK);
		this.emulator.chunkFaults().inject(Fault.SERVER_ERROR, 1);
		Video uploaded = insert(youtube(this.token, true), bytes).execute();
		assertThat(uploaded.getStatus().getUploadStatus()).isEqualTo("uploaded");
		// The chunk answered 503 kept nothing; the client asked, heard so, and sent it
		// again.
		assertThat(this.emulator.uploads().get(0).bytesReceived()).isEqualTo(bytes.length + CHUNK);
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.media().get(0).sha256()).isEqualTo(sha256(bytes)));
	}

	@Test
	void googlesClientReadsTheEmulatorsErrors() {
		assertThatExceptionOfType(GoogleJsonResponseException.class)
			.isThrownBy(() -> insert(youtube("emu.youtube.forged.0.nope", false), SampleVideos.mp4(1000)).execute())
			// The JDK's HttpURLConnection does not hand the body of a 401 with
			// WWW-Authenticate to Google's client in streaming mode, as with Google
			// itself.
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(401));
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		assertThatExceptionOfType(GoogleJsonResponseException.class)
			.isThrownBy(() -> insert(youtube(this.token, false), SampleVideos.mp4(1000)).execute())
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(403);
				assertThat(ex.getDetails().getErrors().get(0).getReason()).isEqualTo("quotaExceeded");
				assertThat(ex.getDetails().getErrors().get(0).getDomain()).isEqualTo("youtube.quota");
			});
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void googlesClientReadsCommentThreadsRepliesAndRejectsAComment() throws IOException {
		YouTube youtube = youtube(this.token, false);
		Video uploaded = insert(youtube, SampleVideos.mp4(1000)).execute();
		EmulatedComment top = this.emulator.comment(new PersonComment(uploaded.getId(), null,
				"UCviewer0000000000000001", "Anna Andersson", "Fin <film> & bra"));
		for (int i = 0; i < 6; i++) {
			this.emulator.comment(
					new PersonComment(uploaded.getId(), top.id(), "UCviewer0000000000000002", "Bo Berg", "Svar " + i));
		}
		CommentThreadListResponse threads = youtube.commentThreads()
			.list(List.of("snippet", "replies"))
			.setVideoId(uploaded.getId())
			.setTextFormat("plainText")
			.execute();
		assertThat(threads.getItems()).singleElement().satisfies((thread) -> {
			assertThat(thread.getId()).isEqualTo(top.id());
			assertThat(thread.getSnippet().getTotalReplyCount()).isEqualTo(6);
			assertThat(thread.getSnippet().getTopLevelComment().getSnippet().getTextDisplay())
				.isEqualTo("Fin <film> & bra");
			assertThat(thread.getSnippet().getTopLevelComment().getSnippet().getAuthorChannelId().getValue())
				.isEqualTo("UCviewer0000000000000001");
			assertThat(thread.getReplies().getComments()).hasSize(5);
		});
		CommentListResponse replies = youtube.comments()
			.list(List.of("snippet"))
			.setParentId(top.id())
			.setMaxResults(4L)
			.execute();
		assertThat(replies.getItems()).hasSize(4);
		assertThat(replies.getNextPageToken()).isNotBlank();
		Comment reply = youtube.comments()
			.insert(List.of("snippet"),
					new Comment().setSnippet(new CommentSnippet().setParentId(top.id()).setTextOriginal("Tack!")))
			.execute();
		assertThat(reply.getSnippet().getAuthorChannelId().getValue()).isEqualTo(CHANNEL);
		youtube.comments().setModerationStatus(List.of(top.id()), "rejected").execute();
		assertThat(youtube.commentThreads().list(List.of("snippet")).setVideoId(uploaded.getId()).execute().getItems())
			.isEmpty();
	}

}
