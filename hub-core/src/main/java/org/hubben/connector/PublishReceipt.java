package org.hubben.connector;

import java.net.URI;
import java.util.Objects;

/**
 * What a platform answered when it accepted a post.
 *
 * @param remoteId the platform's identifier of the post, never {@code null}
 * @param remoteUrl where a person sees the post, never {@code null}
 */
public record PublishReceipt(String remoteId, URI remoteUrl) {

	public PublishReceipt {
		Objects.requireNonNull(remoteId, "remoteId");
		Objects.requireNonNull(remoteUrl, "remoteUrl");
	}

}
