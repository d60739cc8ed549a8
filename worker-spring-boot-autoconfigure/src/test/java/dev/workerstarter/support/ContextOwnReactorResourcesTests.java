package dev.workerstarter.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applications the tests start do not share Reactor Netty's global resources, so that
 * closing one leaves the others serving and the tests' clients connected.
 */
class ContextOwnReactorResourcesTests {

	@Test
	void closingOneApplicationLeavesAnotherServing() {
		try (ConfigurableApplicationContext staying = start()) {
			assertThat(staying.getBean(ReactorResourceFactory.class).isUseGlobalResources()).isFalse();
			start().close();
			String port = staying.getEnvironment().getRequiredProperty("local.server.port");
			HttpStatusCode status = WebClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/health")
				.exchangeToMono((response) -> response.toBodilessEntity())
				.block(Duration.ofSeconds(10))
				.getStatusCode();
			assertThat(status.value()).isEqualTo(200);
		}
	}

	@Test
	void closingAnApplicationLeavesAClientsRequestInFlight() throws Exception {
		CountDownLatch received = new CountDownLatch(1);
		CompletableFuture<String> closed = new CompletableFuture<>();
		LoopResources loops = LoopResources.create("held", 1, true);
		DisposableServer other = HttpServer.create()
			.port(0)
			.runOn(loops)
			.route((routes) -> routes.get("/held", (request, response) -> {
				received.countDown();
				return response.sendString(Mono.fromFuture(closed));
			}))
			.bindNow();
		try {
			CompletableFuture<String> answer = WebClient.create("http://localhost:" + other.port())
				.get()
				.uri("/held")
				.retrieve()
				.bodyToMono(String.class)
				.toFuture();
			try (ConfigurableApplicationContext application = start()) {
				assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
			}
			closed.complete("answered");
			assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("answered");
		}
		finally {
			other.disposeNow();
			loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.reactor.netty.shutdown-quiet-period=0s")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
