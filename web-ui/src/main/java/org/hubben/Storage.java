package org.hubben;

import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;

/**
 * The one database, reached two ways: the application's own data through R2DBC, while
 * Flyway migrates and Quartz keeps its job store through JDBC.
 */
@Configuration(proxyBeanMethods = false)
class Storage {

	/**
	 * Spring Boot skips its JDBC auto-configuration whenever R2DBC is present, so the
	 * pool is declared here, from the standard {@code spring.datasource.*} properties.
	 */
	@Bean
	@ConfigurationProperties("spring.datasource")
	DataSourceProperties dataSourceProperties() {
		return new DataSourceProperties();
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DataSourceProperties properties) {
		return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
	}

	/**
	 * Unquoted identifiers, as the migrations write them: PostgreSQL folds them to lower
	 * case, and so does H2 with {@code DATABASE_TO_LOWER}. Quoted ones would be cased
	 * differently by each dialect.
	 */
	@Bean
	static BeanPostProcessor unquotedIdentifiers() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof R2dbcMappingContext context) {
					context.setForceQuote(false);
				}
				return bean;
			}
		};
	}

	/**
	 * Hands the embedded database's pooled connections out on
	 * {@link Schedulers#boundedElastic()} rather than on the thread that released one.
	 * r2dbc-h2 runs every statement synchronously on the thread that receives the
	 * connection, and the pool gives a released connection to the next waiter on the
	 * releasing thread; so once the pool was busy, the claims of publications fired
	 * together all ran one after another on whichever thread released first (bench: all
	 * 220 claims of a run on one Quartz worker). PostgreSQL's driver does not block and
	 * is left as it is.
	 */
	@Bean
	static BeanPostProcessor blockingDriverOffTheReleasingThread() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof ConnectionPool pool
						&& BlockingDriverPool.BLOCKING_DRIVERS.contains(pool.getMetadata().getName())) {
					return new BlockingDriverPool(pool, Schedulers.boundedElastic());
				}
				return bean;
			}
		};
	}

	/**
	 * A pool of a driver that blocks: each connection reaches its user on the given
	 * scheduler, so the statements it runs block a thread meant for blocking.
	 */
	static final class BlockingDriverPool implements ConnectionFactory, Wrapped<ConnectionFactory>, DisposableBean {

		/** {@link ConnectionFactoryMetadata#getName()} of the drivers that block. */
		static final Set<String> BLOCKING_DRIVERS = Set.of("H2");

		private final ConnectionPool pool;

		private final Scheduler scheduler;

		BlockingDriverPool(ConnectionPool pool, Scheduler scheduler) {
			this.pool = pool;
			this.scheduler = scheduler;
		}

		@Override
		public Mono<Connection> create() {
			return this.pool.create().publishOn(this.scheduler);
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return this.pool.getMetadata();
		}

		/** The pool, for its metrics. */
		@Override
		public ConnectionFactory unwrap() {
			return this.pool;
		}

		@Override
		public void destroy() {
			this.pool.dispose();
		}

	}

}
