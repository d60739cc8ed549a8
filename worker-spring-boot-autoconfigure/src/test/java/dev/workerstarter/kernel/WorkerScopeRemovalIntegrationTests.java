package dev.workerstarter.kernel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.scope.ScopedObject;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker-scoped bean removed with {@link ScopedObject#removeFromScope()} is destroyed
 * once, by Spring, and not again when its kernel is destroyed; the next use creates a
 * fresh instance that the kernel destroys once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=1")
@ExtendWith(PoolClientExtension.class)
class WorkerScopeRemovalIntegrationTests {

	@Autowired
	Instances instances;

	@Autowired
	RecordedEvents events;

	@Test
	void aRemovedBeanIsDestroyedOnceAndItsSuccessorOnceAtTheReboot(PoolClient client) {
		String booted = client.get("/id").getBody();
		assertThat(booted).isEqualTo("1");

		// Spring destroys the removed instance itself; its kernel must not destroy it
		// again
		assertThat(client.get("/remove").getBody()).isEqualTo("1");
		assertThat(this.instances.destroyed).containsExactly(1);
		rebootKernel(client, 1);
		assertThat(this.instances.destroyed).as("@PreDestroy calls by instance id").containsExactly(1);

		// the new kernel booted instance 2; remove it too, and the next use creates a
		// fresh one
		assertThat(client.get("/remove").getBody()).isEqualTo("2");
		assertThat(client.get("/id").getBody()).isEqualTo("3");
		assertThat(client.get("/id").getBody()).as("the fresh instance stays in its kernel").isEqualTo("3");
		rebootKernel(client, 2);
		assertThat(this.instances.destroyed).as("@PreDestroy calls by instance id").containsExactly(1, 2, 3);
		assertThat(client.get("/id").getBody()).isEqualTo("4");
	}

	private void rebootKernel(PoolClient client, int reboots) {
		assertThat(client.get("/reboot").getBody()).isEqualTo("rebooting");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.reboots().size() == reboots);
		client.awaitIdle();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ RemovalController.class, RecordedEvents.class })
	static class App {

		@Bean
		Instances instances() {
			return new Instances();
		}

		@Bean
		@WorkerScoped
		Removable removable(Instances instances) {
			return new Removable(instances);
		}

	}

	static class Instances {

		final AtomicInteger ids = new AtomicInteger();

		final List<Integer> destroyed = new CopyOnWriteArrayList<>();

	}

	static class Removable {

		private final Instances instances;

		private final int id;

		Removable(Instances instances) {
			this.instances = instances;
			this.id = instances.ids.incrementAndGet();
		}

		int id() {
			return this.id;
		}

		@PreDestroy
		void destroy() {
			this.instances.destroyed.add(this.id);
		}

	}

	@RestController
	static class RemovalController {

		private final Removable removable;

		RemovalController(Removable removable) {
			this.removable = removable;
		}

		@GetMapping("/id")
		String id() {
			return Integer.toString(this.removable.id());
		}

		@GetMapping("/remove")
		String remove() {
			int id = this.removable.id();
			((ScopedObject) this.removable).removeFromScope();
			return Integer.toString(id);
		}

		@GetMapping("/reboot")
		String reboot() {
			WorkerContext.current().orElseThrow().requestKernelReboot();
			return "rebooting";
		}

	}

}
