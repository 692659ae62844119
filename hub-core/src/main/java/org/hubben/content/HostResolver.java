package org.hubben.content;

import java.net.InetAddress;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Finds the addresses of a host name, without blocking the caller's thread. */
@FunctionalInterface
interface HostResolver {

	/**
	 * @param host a host name, never an address literal
	 * @return every address the name has; an {@link java.net.UnknownHostException} when
	 * it has none
	 */
	Mono<List<InetAddress>> resolve(String host);

	/**
	 * The operating system's resolver ({@code /etc/hosts}, DNS), which blocks, on the
	 * bounded elastic scheduler.
	 */
	static HostResolver system() {
		return (host) -> Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
