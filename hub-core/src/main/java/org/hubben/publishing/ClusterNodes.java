package org.hubben.publishing;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * The nodes of the Hubben cluster, as the clustered scheduler sees them; implemented by
 * the scheduling module. A delivery records the node that claimed it, so that one left
 * being sent by a node that stopped can be found and reconciled.
 */
public interface ClusterNodes {

	/**
	 * @return this node's id, unique among the nodes and new at every start
	 */
	String self();

	/**
	 * @return the ids of the nodes that checked in recently, this one included; an error
	 * when the database cannot be read
	 */
	Mono<Set<String>> alive();

}
