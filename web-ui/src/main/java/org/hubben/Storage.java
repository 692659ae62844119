package org.hubben;

import com.zaxxer.hikari.HikariDataSource;

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

}
