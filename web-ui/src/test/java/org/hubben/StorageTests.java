package org.hubben;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class StorageTests {

	@Test
	void handsAReleasedH2ConnectionToTheNextWaiterOffTheReleasingThread() throws Exception {
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(new H2ConnectionFactory(H2ConnectionConfiguration.builder().inMemory("storage-tests").build()))
			.initialSize(1)
			.maxSize(1)
			.build());
		ConnectionFactory connections = (ConnectionFactory) Storage.blockingDriverOffTheReleasingThread()
			.postProcessAfterInitialization(pool, "connectionFactory");
		try {
			Connection first = Mono.from(connections.create()).block(Duration.ofSeconds(10));
			CompletableFuture<String> waiterRanOn = new CompletableFuture<>();
			// The pool's only connection is taken: this waits until it is released, and
			// then
			// runs its statement on whichever thread the connection reaches it on.
			Mono.from(connections.create())
				.flatMap((second) -> Flux.from(second.createStatement("SELECT 1").execute())
					.flatMap((result) -> result.map((row, metadata) -> row.get(0)))
					.then(Mono.fromCallable(() -> Thread.currentThread().getName()))
					.flatMap((thread) -> Mono.from(second.close()).thenReturn(thread)))
				.subscribe(waiterRanOn::complete, waiterRanOn::completeExceptionally);
			Thread releaser = new Thread(() -> Mono.from(first.close()).block(Duration.ofSeconds(10)), "releaser");
			releaser.start();
			releaser.join(10_000);

			assertThat(waiterRanOn.get(10, TimeUnit.SECONDS)).startsWith("boundedElastic-");
		}
		finally {
			pool.dispose();
		}
	}

	@Test
	void leavesThePoolOfADriverThatDoesNotBlockAsItIs() {
		ConnectionPool pool = new ConnectionPool(
				ConnectionPoolConfiguration.builder(new NonBlockingDriver()).initialSize(0).maxSize(1).build());
		try {
			assertThat(Storage.blockingDriverOffTheReleasingThread()
				.postProcessAfterInitialization(pool, "connectionFactory")).isSameAs(pool);
		}
		finally {
			pool.dispose();
		}
	}

	/** Named as PostgreSQL's driver names itself; never asked for a connection. */
	private static final class NonBlockingDriver implements ConnectionFactory {

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.error(new UnsupportedOperationException());
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "PostgreSQL";
		}

	}

}
