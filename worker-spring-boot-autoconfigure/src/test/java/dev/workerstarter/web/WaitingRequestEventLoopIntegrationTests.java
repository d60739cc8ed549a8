package dev.workerstarter.web;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that waited for a worker runs on its own connection's event loop, never on
 * the thread that freed the worker (a kernel thread after a blocking handler, or another
 * connection's event loop), so that one connection's work never runs and completes on
 * another's thread.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=1")
@ExtendWith(PoolClientExtension.class)
class WaitingRequestEventLoopIntegrationTests {

	@Test
	void everyRequestStartsOnItsOwnConnectionsEventLoop(PoolClient client) {
		List<String> answers = Flux.range(0, 600)
			.flatMap((i) -> client.web()
				.get()
				.uri((i % 2 == 0) ? "/blocking" : "/loop")
				.retrieve()
				.bodyToMono(String.class), 16)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(answers).hasSize(600)
			.filteredOn((answer) -> !answer.equals("blocking"))
			.hasSize(300)
			.allSatisfy((answer) -> assertThat(answer).isEqualTo("own event loop"));
		client.awaitIdle();
	}

	@RestController
	static class LoopController {

		@GetMapping("/blocking")
		String blocking() {
			return "blocking";
		}

		@GetMapping("/loop")
		Mono<String> loop(ServerWebExchange exchange) {
			Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
			boolean own = ((Connection) request).channel().eventLoop().inEventLoop();
			return Mono.just(own ? "own event loop" : "started on " + Thread.currentThread().getName());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LoopController.class)
	static class App {

	}

}
