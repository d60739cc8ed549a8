package dev.workerstarter.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import dev.workerstarter.kernel.VirtualKernelIntegrationTests.ThreadSeen;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code worker.threads}, kernels follow Spring Boot's
 * {@code spring.threads.virtual.enabled}: on Java 21 or later its {@code true} puts them
 * on virtual threads too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.threads.virtual.enabled=true", "worker.pool.size=2" })
@ExtendWith(PoolClientExtension.class)
@EnabledForJreRange(min = JRE.JAVA_21)
class SpringVirtualThreadsKernelIntegrationTests {

	@Test
	void blockingHandlersRunOnTheKernelsVirtualThreads(PoolClient client) {
		ThreadSeen seen = ThreadSeen.of(client.get("/thread"));
		assertThat(seen.virtual()).as("virtual thread").isTrue();
		assertThat(seen.name()).matches("worker-[12]-kernel-0");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ VirtualKernelIntegrationTests.ThreadController.class, VirtualKernelIntegrationTests.Held.class })
	static class App {

	}

}
