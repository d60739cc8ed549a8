package dev.workerstarter.autoconfigure;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.integration.jpa.internal.EntityManagerResetAdapter;
import dev.workerstarter.pool.WorkerPools;

/**
 * Auto-configuration of the JPA integration: worker-scoped {@link EntityManager}s are
 * cleared after each job, reboot their kernel when a job leaves them closed or
 * rollback-only, and get a new connection when the one they hold died while they sat
 * unused. Active when the JPA API is on the classpath, an {@link EntityManagerFactory}
 * and the worker pool exist, and the integration is on
 * ({@code worker.integrations.jpa.enabled}, else {@code worker.default-integrations}).
 */
@AutoConfiguration(after = { WorkerAutoConfiguration.class, HibernateJpaAutoConfiguration.class })
@ConditionalOnClass(EntityManager.class)
@ConditionalOnBean({ EntityManagerFactory.class, WorkerPools.class })
@ConditionalOnWorkerIntegration("jpa")
public final class WorkerJpaAutoConfiguration {

	@Bean
	EntityManagerResetAdapter workerEntityManagerResetAdapter(WorkerProperties properties) {
		return EntityManagerResetAdapter.of("worker.integrations.jpa",
				properties.integrations().jpa().validateAfterIdle());
	}

}
