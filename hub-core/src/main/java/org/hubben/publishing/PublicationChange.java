package org.hubben.publishing;

import java.util.List;

/**
 * What changed in a publication since the watcher last said.
 *
 * @param zoneId the IANA zone the publication was planned in, for showing times
 * @param changed the deliveries whose state changed (every delivery, the first time)
 * @param settled whether every delivery of the publication is now settled (see
 * {@link DeliveryStatus#settled()}): nothing more will change by itself
 */
public record PublicationChange(String zoneId, List<DeliveryStatus> changed, boolean settled) {

	public PublicationChange {
		changed = List.copyOf(changed);
	}

}
