package org.hubben.publishing;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.ChannelAccess;
import org.hubben.connector.MediaKind;
import org.hubben.connector.Platform;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishRequest;
import org.hubben.content.Variant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryRequestsTests {

	@Test
	void requestCarriesTheVariantWithItsTagsAndThePostsMediaInOrder() {
		Variant variant = new Variant(Platform.YOUTUBE, "Skolval #Skolval", "Skolval i kväll",
				URI.create("https://example.org/?utm_source=youtube"), 16, 5000, false, List.of(), List.of("Skolval"),
				List.of());
		PublishMedia film = new PublishMedia(UUID.randomUUID(), MediaKind.VIDEO, "video/mp4", 10, "film.mp4",
				Path.of("media/film.mp4"));
		PublishMedia still = new PublishMedia(UUID.randomUUID(), MediaKind.IMAGE, "image/jpeg", 5, "still.jpg",
				Path.of("media/still.jpg"));
		UUID delivery = UUID.randomUUID();
		PublishRequest request = DeliveryRequests.requestFor(delivery, new ChannelAccess("account", "token", null),
				variant, List.of(film, still));
		assertThat(request.deliveryId()).isEqualTo(delivery);
		assertThat(request.text()).isEqualTo("Skolval #Skolval");
		assertThat(request.title()).isEqualTo("Skolval i kväll");
		assertThat(request.link()).isEqualTo(variant.link());
		assertThat(request.tags()).containsExactly("Skolval");
		assertThat(request.media()).containsExactly(film, still);
	}

}
