package dev.workerstarter.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.support.EchoListener;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who gets in and what a full pool answers, over a real port with real clients: handshake
 * hooks (403), max connections (503 with Retry-After, slots given back on every ending),
 * the handshake never waiting for a worker, and the error messages of a message whose
 * pool is full ({@code busy}) or whose handler ran past the exec TTL ({@code timeout}).
 */
@ExtendWith({ OutputCaptureExtension.class, PoolClientExtension.class })
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.http.retry-after=7s", "worker.pools.ws.size=1",
				"worker.pools.ws.max-queue-size=0", "worker.pools.ws.supervisor.exec-ttl=3s",
				"worker.pools.ws.supervisor.watch-tick=100ms", "worker.websocket.path=/ws", "worker.websocket.pool=ws",
				"worker.websocket.max-connections=2" })
class WsHandshakeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsServer server;

	@Autowired
	Listeners listeners;

	@Autowired
	Blocking blocking;

	private final List<WsTestClient> clients = new ArrayList<>();

	@BeforeEach
	void reset() {
		this.listeners.reset();
		this.blocking.reset();
	}

	@AfterEach
	void closeClients() {
		this.listeners.release();
		this.blocking.open(100);
		this.clients.forEach(WsTestClient::close);
		await().until(() -> this.server.localConnectionCount() == 0);
	}

	private WsTestClient connect(String path) {
		WsTestClient client = WsTestClient.connect(this.port, path);
		this.clients.add(client);
		return client;
	}

	private WsTestClient start(String path, String allow) {
		WsTestClient client = WsTestClient.start(this.port, path, (headers) -> headers.set("X-Allow", allow), false);
		this.clients.add(client);
		return client;
	}

	@Test
	void hooksRejectByQueryOrHeaderWith403AndLetOthersThrough() {
		assertThat(start("/ws?deny=1", "yes").awaitRefusal().status().code()).isEqualTo(403);
		assertThat(start("/ws", "no").awaitRefusal().status().code()).isEqualTo(403);
		WsTestClient accepted = start("/ws?room=1", "yes");
		assertThat(accepted.awaitHandshakeFailure()).isNull();
		accepted.send("ECHO", "\"in\"");
		assertThat(accepted.nextJson().path("data").asString()).isEqualTo("in");
	}

	@Test
	void hookThatThrowsRejectsWith403AndIsLoggedAndTheServerGoesOn(CapturedOutput output) {
		assertThat(start("/ws?explode=1", "yes").awaitRefusal().status().code()).isEqualTo(403);
		await().until(() -> output.getOut().contains("A WebSocket handshake hook failed; the handshake is rejected"));
		assertThat(output.getOut()).contains("hook exploded");
		WsTestClient client = connect("/ws");
		client.send("ECHO", "\"fine\"");
		assertThat(client.nextJson().path("data").asString()).isEqualTo("fine");
	}

	@Test
	void maxConnectionsRefusesTheNextHandshakeWith503AndRetryAfterUntilOneCloses() {
		WsTestClient first = connect("/ws");
		connect("/ws");
		HttpResponse refused = start("/ws", "yes").awaitRefusal();
		assertThat(refused.status().code()).isEqualTo(503);
		assertThat(refused.headers().get("Retry-After")).isEqualTo("7");
		first.close();
		await().until(() -> this.server.localConnectionCount() == 1);
		WsTestClient next = connect("/ws");
		next.send("ECHO", "\"next\"");
		assertThat(next.nextJson().path("data").asString()).isEqualTo("next");
		assertThat(start("/ws", "yes").awaitRefusal().status().code()).isEqualTo(503);
	}

	@Test
	void refusedAndFailedHandshakesGiveTheirSlotBack() {
		for (int i = 0; i < 5; i++) {
			assertThat(start("/ws?deny=1", "yes").awaitRefusal().status().code()).isEqualTo(403);
			assertThat(start("/ws?explode=1", "yes").awaitRefusal().status().code()).isEqualTo(403);
			assertThat(start("/ws", "no").awaitRefusal().status().code()).isEqualTo(403);
		}
		// A plain GET of the endpoint is not an upgrade: the handshake fails.
		for (int i = 0; i < 5; i++) {
			ResponseEntity<Void> plain = WebClient.create("http://localhost:" + this.port)
				.get()
				.uri("/ws")
				.exchangeToMono((response) -> response.toBodilessEntity())
				.block(Duration.ofSeconds(10));
			assertThat(plain.getStatusCode().is4xxClientError()).isTrue();
		}
		connect("/ws");
		connect("/ws");
		assertThat(start("/ws", "yes").awaitRefusal().status().code()).isEqualTo(503);
	}

	@Test
	void handshakeAndMessagesOfTheWebSocketPoolDoNotWaitForBusyHttpWorkers() {
		WebClient http = WebClient.create("http://localhost:" + this.port);
		List<Mono<String>> requests = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			requests.add(http.get().uri("/block").retrieve().bodyToMono(String.class).cache());
		}
		requests.forEach((request) -> request.subscribe(null, (ex) -> {
		}));
		// Both HTTP workers are held, and a third request waits in their queue.
		await().until(() -> this.blocking.entered() == 2);
		WsTestClient client = connect("/ws");
		client.send("ECHO", "\"not queued\"");
		assertThat(client.nextJson().path("data").asString()).isEqualTo("not queued");
		assertThat(this.blocking.entered()).isEqualTo(2);
		this.blocking.open(3);
		assertThat(Flux.concat(requests).collectList().block(Duration.ofSeconds(20))).containsOnly("done");
	}

	@Test
	void messageFindingTheWebSocketPoolFullGetsBusyAndTheConnectionGoesOn(PoolClient client) throws Exception {
		WsTestClient holder = connect("/ws");
		WsTestClient other = connect("/ws");
		holder.send("HOLD", "1");
		assertThat(this.listeners.entered.await(20, TimeUnit.SECONDS)).isTrue();
		other.send("ECHO", "\"late\"");
		JsonNode error = other.nextJson();
		assertThat(error.path("event").asString()).isEqualTo("ERROR");
		assertThat(error.path("data").path("code").asString()).isEqualTo("busy");
		assertThat(error.path("data").path("event").asString()).isEqualTo("ECHO");
		this.listeners.release();
		assertThat(holder.nextJson().path("data").asInt()).isEqualTo(1);
		// The reply leaves before its worker is back in the pool, which queues nothing.
		client.awaitIdle();
		other.send("ECHO", "\"again\"");
		assertThat(other.nextJson().path("data").asString()).isEqualTo("again");
	}

	@Test
	void handlerPastTheExecTtlGetsTimeoutAndTheConnectionGoesOn() {
		WsTestClient client = connect("/ws");
		client.send("HOLD", "2");
		JsonNode error = client.nextJson();
		assertThat(error.path("event").asString()).isEqualTo("ERROR");
		assertThat(error.path("data").path("code").asString()).isEqualTo("timeout");
		assertThat(error.path("data").path("event").asString()).isEqualTo("HOLD");
		this.listeners.release();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			client.send("ECHO", "\"after\"");
			assertThat(client.nextJson().path("data").asString()).isEqualTo("after");
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Listeners.class, EchoListener.class, Blocking.class })
	static class Application {

		@Bean
		WsHandshakeHook denyByQuery() {
			return (exchange) -> Mono.just(!exchange.getRequest().getQueryParams().containsKey("deny"));
		}

		@Bean
		WsHandshakeHook allowByHeader() {
			return (exchange) -> Mono.just(!"no".equals(exchange.getRequest().getHeaders().getFirst("X-Allow")));
		}

		@Bean
		WsHandshakeHook explodeByQuery() {
			return (exchange) -> {
				if (exchange.getRequest().getQueryParams().containsKey("explode")) {
					throw new IllegalStateException("hook exploded");
				}
				return Mono.just(true);
			};
		}

	}

	// Its state behind methods: the controller may be proxied.
	@RestController
	static class Blocking {

		private final AtomicInteger entered = new AtomicInteger();

		private final Semaphore release = new Semaphore(0);

		int entered() {
			return this.entered.get();
		}

		void open(int permits) {
			this.release.release(permits);
		}

		void reset() {
			this.release.drainPermits();
		}

		// Not reactive: runs on the worker's thread and holds it.
		@GetMapping("/block")
		String block() throws InterruptedException {
			this.entered.incrementAndGet();
			this.release.tryAcquire(30, TimeUnit.SECONDS);
			this.entered.decrementAndGet();
			return "done";
		}

	}

	@Component
	static class Listeners {

		volatile CountDownLatch entered = new CountDownLatch(1);

		volatile CountDownLatch hold = new CountDownLatch(1);

		void reset() {
			this.entered = new CountDownLatch(1);
			this.hold = new CountDownLatch(1);
		}

		void release() {
			this.hold.countDown();
		}

		@WsListener("HOLD")
		int hold(int number) throws InterruptedException {
			this.entered.countDown();
			this.hold.await(30, TimeUnit.SECONDS);
			return number;
		}

	}

}
