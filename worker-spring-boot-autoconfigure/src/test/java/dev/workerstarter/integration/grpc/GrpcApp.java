package dev.workerstarter.integration.grpc;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.support.RecordedEvents;

/**
 * A reactive web application that also serves {@link TestService} on Spring Boot's gRPC
 * server, each on its own port.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ RecordedEvents.class, GrpcClient.class, GrpcApp.HelloController.class })
class GrpcApp {

	static final String EXCLUDED = "test.Excluded";

	@Bean
	TestService testService(TestService.Probe probe, TestService.Holds holds) {
		return new TestService(TestService.SERVICE, probe, holds);
	}

	// Excluded from the workers where a test says so.
	@Bean
	TestService excludedService(TestService.Probe probe, TestService.Holds holds) {
		return new TestService(EXCLUDED, probe, holds);
	}

	@Bean
	@WorkerScoped
	TestService.Probe probe() {
		return new TestService.Probe();
	}

	@Bean
	TestService.Holds holds() {
		return new TestService.Holds();
	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.fromSupplier(() -> "hello from "
					+ WorkerContext.current().map((context) -> "worker " + context.workerId()).orElse("nowhere"));
		}

	}

}
