package dev.workerstarter.integration.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.support.RecordedEvents;

/**
 * One application-managed {@link EntityManager} per kernel, as an application declares
 * it, and the handlers that use it.
 */
@Configuration(proxyBeanMethods = false)
@Import({ NotesController.class, RecordedEvents.class })
class WorkerEntityManagerConfiguration {

	@Bean
	@WorkerScoped
	EntityManager workerEntityManager(EntityManagerFactory entityManagerFactory) {
		return entityManagerFactory.createEntityManager();
	}

}
