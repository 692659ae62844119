package org.hubben.connector;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/** The registry of every {@link Connector} in the application, one per platform. */
@Component
public class Connectors {

	private final Map<Platform, Connector> byPlatform = new EnumMap<>(Platform.class);

	public Connectors(List<Connector> connectors) {
		for (Connector connector : connectors) {
			Connector previous = this.byPlatform.put(connector.platform(), connector);
			if (previous != null) {
				throw new IllegalStateException("Two connectors for " + connector.platform() + ": "
						+ previous.getClass().getName() + " and " + connector.getClass().getName());
			}
		}
	}

	public Optional<Connector> forPlatform(Platform platform) {
		return Optional.ofNullable(this.byPlatform.get(platform));
	}

	/**
	 * @return the platforms that have a connector, in {@link Platform} order
	 */
	public Set<Platform> platforms() {
		return this.byPlatform.keySet();
	}

	public Collection<Connector> all() {
		return this.byPlatform.values();
	}

}
