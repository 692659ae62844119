package org.hubben.publishing;

import java.util.List;

/**
 * A publication with the state of each of its deliveries.
 *
 * @param publication the publication
 * @param deliveries one per channel, in platform order
 */
public record PublicationView(Publication publication, List<Delivery> deliveries) {

	public PublicationView {
		deliveries = List.copyOf(deliveries);
	}

	/**
	 * @return whether any delivery may still change on its own (see
	 * {@link DeliveryState#inProgress()})
	 */
	public boolean inProgress() {
		return this.deliveries.stream().anyMatch((delivery) -> delivery.state().inProgress());
	}

}
