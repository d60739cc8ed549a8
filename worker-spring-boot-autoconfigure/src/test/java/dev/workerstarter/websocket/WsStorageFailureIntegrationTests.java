package dev.workerstarter.websocket;

import java.time.Duration;
import java.util.Collection;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection the storage cannot take is closed with a status that says so, and gives
 * its slot back: it would be unreachable from the other instances.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.websocket.path=/ws", "worker.websocket.max-connections=1" })
class WsStorageFailureIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsServer server;

	@Test
	void aConnectionTheStorageRefusesIsClosedWith1011() {
		for (int attempt = 0; attempt < 3; attempt++) {
			WsTestClient client = WsTestClient.connect(this.port, "/ws");
			assertThat(client.awaitCloseCode()).isEqualTo(1011);
			assertThat(client.awaitCloseReason()).isEqualTo("connection storage unavailable");
			// max-connections is 1: the next attempt opens only if the slot came back
			// with
			// the connection's removal
			await().until(() -> this.server.localConnectionCount() == 0);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		// A storage that is down: every insert fails.
		@Bean
		WsConnectionStorage unreachableStorage() {
			return new WsConnectionStorage() {

				@Override
				public Mono<Void> insert(WsConnection connection, Duration expiry) {
					return Mono.error(new IllegalStateException("storage down"));
				}

				@Override
				public Mono<Void> refresh(Collection<WsConnection> connections, Duration expiry) {
					return Mono.empty();
				}

				@Override
				public Mono<Boolean> remove(String connectionId) {
					return Mono.just(false);
				}

				@Override
				public Mono<WsConnection> find(String connectionId) {
					return Mono.empty();
				}

				@Override
				public Flux<WsConnection> all() {
					return Flux.empty();
				}

				@Override
				public Mono<Long> count() {
					return Mono.just(0L);
				}

			};
		}

	}

}
