package dev.workerstarter.sample;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.kernel.WorkerScoped;

/**
 * Gives each worker kernel its own long-lived {@link EntityManager}. The starter's JPA
 * integration clears it after every request, and reboots the kernel if a request leaves
 * it closed or its transaction rollback-only.
 */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

	@Bean
	@WorkerScoped
	EntityManager workerEntityManager(EntityManagerFactory entityManagerFactory) {
		return entityManagerFactory.createEntityManager();
	}

}
