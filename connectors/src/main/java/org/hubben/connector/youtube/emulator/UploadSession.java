package org.hubben.connector.youtube.emulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import org.hubben.connector.emulator.Fault;

/**
 * One resumable upload: the video's metadata, given when the session started, and the
 * bytes received since, in order. The bytes themselves are not kept, only how many there
 * are and their running SHA-256. Not thread-safe: {@link YouTubeEmulator} guards it.
 */
final class UploadSession {

	final String channelId;

	final VideoDraft draft;

	final String contentType;

	/** The parts of the video resource the client asked to get back. */
	final Set<String> parts;

	final Instant startedAt;

	/** The declared size, or -1 while the client has not said. */
	long total;

	/** The upload id in the session URI; changes when the session moves. */
	String uploadId;

	/** How many bytes are kept: the next byte expected is at this offset. */
	long committed;

	/** Every body byte that reached this session, kept or not, including re-sent ones. */
	long bytesReceived;

	/** A fault taken when the session started, that fires on a later chunk. */
	Fault armed;

	/** The video, once the last byte arrived. */
	Video video;

	private MessageDigest digest;

	UploadSession(String uploadId, String channelId, VideoDraft draft, String contentType, Set<String> parts,
			long total, Instant startedAt, Fault armed) {
		this.uploadId = uploadId;
		this.channelId = channelId;
		this.draft = draft;
		this.contentType = contentType;
		this.parts = Set.copyOf(parts);
		this.total = total;
		this.startedAt = startedAt;
		this.armed = armed;
		this.digest = newDigest();
	}

	/**
	 * @return a copy of the running digest, to go on with a chunk that may not be kept
	 */
	MessageDigest forkDigest() {
		try {
			return (MessageDigest) this.digest.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("SHA-256 digests cannot be cloned here", ex);
		}
	}

	/**
	 * Keeps the bytes of a chunk.
	 * @param kept how many bytes of it are kept
	 * @param digest the running digest, updated with exactly those bytes
	 */
	void commit(long kept, MessageDigest digest) {
		this.committed += kept;
		this.digest = digest;
	}

	String sha256() {
		return HexFormat.of().formatHex(forkDigest().digest());
	}

	boolean complete() {
		return this.video != null;
	}

	YouTubeEmulator.Upload describe() {
		return new YouTubeEmulator.Upload(this.uploadId, this.channelId, this.total, this.committed, this.bytesReceived,
				(this.video != null) ? this.video.id() : null);
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
