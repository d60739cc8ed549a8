package dev.workerstarter.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.middleware.WorkerMiddleware;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.web.internal.JobWebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job filters of the integrations run inside every job, in their order, after the
 * kernel's middlewares and before the application's filters, where a filter ordered right
 * after the dispatch filter used to run; never on excluded paths, and never a second time
 * as WebFlux filters. One that throws fails its request, not the worker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.middlewares=traceMiddleware",
				"worker.http.exclude-paths=/excluded" })
@ExtendWith(PoolClientExtension.class)
class JobWebFilterIntegrationTests {

	@Test
	void jobFiltersRunInOrderInsideTheJobBetweenTheMiddlewaresAndTheApplicationsFilters(PoolClient client) {
		assertThat(client.get("/trace").getBody()).isEqualTo("middleware@job,first@job,second@job,application@job");
	}

	@Test
	void aJobFilterThatThrowsFailsItsRequestAloneAndTheWorkerComesBack(PoolClient client) {
		ResponseEntity<String> failed = client.get("/throws");
		assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(failed.getBody()).doesNotContain("job filter broke").doesNotContain("at dev.");
		client.awaitIdle();
		assertThat(client.get("/trace").getBody()).isEqualTo("middleware@job,first@job,second@job,application@job");
	}

	@Test
	void jobFiltersNeverRunOnExcludedPaths(PoolClient client) {
		assertThat(client.get("/excluded").getBody()).isEqualTo("application@none");
	}

	@Test
	void jobFiltersAreNotAlsoWebFluxFilters(@Autowired ApplicationContext context) {
		assertThat(context.getBeansOfType(WebFilter.class).values()).noneMatch(JobWebFilter.class::isInstance);
	}

	private static ServerWebExchange traced(ServerWebExchange exchange, String name) {
		String where = WorkerContext.current().isPresent() ? "job" : "none";
		return exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.add("X-Trace", name + "@" + where)))
			.build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TraceController.class)
	static class App {

		@Bean
		WorkerMiddleware traceMiddleware() {
			return (exchange, next) -> next.next(traced(exchange, "middleware"));
		}

		// Declared before the first, so that only their order puts them in place.
		@Bean
		@Order(2)
		JobWebFilter secondJobFilter() {
			return (exchange, chain) -> chain.filter(traced(exchange, "second"));
		}

		@Bean
		@Order(1)
		JobWebFilter firstJobFilter() {
			return (exchange, chain) -> {
				if (exchange.getRequest().getPath().value().equals("/throws")) {
					throw new IllegalStateException("job filter broke");
				}
				return chain.filter(traced(exchange, "first"));
			};
		}

		@Bean
		WebFilter applicationFilter() {
			return (exchange, chain) -> chain.filter(traced(exchange, "application"));
		}

	}

	@RestController
	static class TraceController {

		@GetMapping({ "/trace", "/excluded" })
		Mono<String> trace(@RequestHeader("X-Trace") List<String> trace) {
			return Mono.just(String.join(",", trace));
		}

	}

}
