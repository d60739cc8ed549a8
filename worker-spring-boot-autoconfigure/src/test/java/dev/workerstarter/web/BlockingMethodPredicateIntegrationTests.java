package dev.workerstarter.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter tells WebFlux which controller methods block by WebFlux's own rule, but an
 * application that says so itself, with a predicate of its own, is heard: here only
 * methods named {@code blocking...} run on the kernel's thread.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=1")
@ExtendWith(PoolClientExtension.class)
class BlockingMethodPredicateIntegrationTests {

	@Test
	void anApplicationsPredicateDecidesWhichMethodsRunOnTheKernelsThread(PoolClient client) {
		assertThat(client.get("/blocking").getBody()).startsWith("worker-1-kernel-");
		assertThat(client.get("/plain").getBody()).doesNotContain("kernel").contains("http");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ThreadController.class)
	static class App {

		@Bean
		WebFluxConfigurer blockingByName() {
			return new WebFluxConfigurer() {
				@Override
				public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
					configurer.setControllerMethodPredicate(
							(handlerMethod) -> handlerMethod.getMethod().getName().startsWith("blocking"));
				}
			};
		}

	}

	@RestController
	static class ThreadController {

		@GetMapping("/blocking")
		String blockingThread() {
			return Thread.currentThread().getName();
		}

		@GetMapping("/plain")
		String plainThread() {
			return Thread.currentThread().getName();
		}

	}

}
