package dev.workerstarter.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.CloseStatus;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.EchoListener;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.support.RecordedWsEvents;
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket server over a real port with real clients: routing by event to configured
 * and annotated listeners, replies and pushes, ordering per connection, the seed's
 * "notify every connection from a controller", worker-scoped beans, bad input and a
 * failing handler.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=4", "worker.websocket.path=/ws", "worker.websocket.listeners[0].event=ORDER",
				"worker.websocket.listeners[0].listener=orderHandler",
				"management.endpoints.web.exposure.include=health,workers",
				"management.endpoint.health.show-details=always" })
class WsServerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsServer server;

	@Autowired
	RecordedEvents events;

	@Autowired
	RecordedWsEvents wsEvents;

	@Autowired
	Listeners listeners;

	@Autowired
	MeterRegistry meters;

	private final List<WsTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestClient::close);
		// Each test starts with no connection left from another.
		await().until(() -> this.server.localConnectionCount() == 0);
	}

	private WsTestClient connect() {
		WsTestClient client = WsTestClient.connect(this.port, "/ws");
		this.clients.add(client);
		return client;
	}

	@Test
	void annotatedListenerRepliesWithWhatItReturns() {
		WsTestClient client = connect();
		client.send("ECHO", "{\"text\":\"hello\"}");
		JsonNode reply = client.nextJson();
		assertThat(reply.path("event").asString()).isEqualTo("ECHO");
		assertThat(reply.path("data").path("text").asString()).isEqualTo("hello");
	}

	@Test
	void configuredListenerRepliesThroughTheServerFromAWorkerWithItsOwnScopedBean() {
		WsTestClient client = connect();
		client.send("{\"event\":\"ORDER\",\"headers\":{\"x-trace\":\"t1\"},\"input_data\":{\"id\":7}}");
		JsonNode reply = client.nextJson();
		assertThat(reply.path("event").asString()).isEqualTo("ORDER_ACCEPTED");
		assertThat(reply.path("data").path("id").asInt()).isEqualTo(7);
		assertThat(reply.path("data").path("trace").asString()).isEqualTo("t1");
		assertThat(reply.path("data").path("pool").asString()).isEqualTo("default");
		assertThat(reply.path("data").path("worker").asInt()).isBetween(1, 4);
		assertThat(reply.path("data").path("counted").asInt()).isPositive();
	}

	@Test
	void messagesOfOneConnectionAreHandledOneAtATimeInArrivalOrder() {
		List<WsTestClient> connections = List.of(connect(), connect(), connect());
		int count = 200;
		for (int i = 0; i < count; i++) {
			for (WsTestClient client : connections) {
				client.send("SEQ", Integer.toString(i));
			}
		}
		for (WsTestClient client : connections) {
			List<JsonNode> replies = client.nextJson(count);
			for (int i = 0; i < count; i++) {
				assertThat(replies.get(i).path("data").asInt()).as("reply %d", i).isEqualTo(i);
			}
		}
		assertThat(this.listeners.overlaps).hasValue(0);
	}

	@Test
	void badInputGetsADocumentedErrorMessageAndTheConnectionGoesOn() {
		WsTestClient client = connect();
		Map<String, String> inputs = Map.ofEntries(Map.entry("not json", "malformed_message"),
				Map.entry("[1,2]", "malformed_message"), Map.entry("\"text\"", "malformed_message"),
				Map.entry("{\"event\":\"ECHO\",\"headers\":[", "malformed_message"), Map.entry("{}", "missing_event"),
				Map.entry("{\"event\":5}", "missing_event"), Map.entry("{\"event\":\"\"}", "missing_event"),
				Map.entry("{\"event\":\"NOPE\"}", "unknown_event"), Map.entry("{\"event\":\"SEQ\"}", "invalid_input"),
				Map.entry("{\"event\":\"SEQ\",\"input_data\":null}", "invalid_input"),
				Map.entry("{\"event\":\"SEQ\",\"input_data\":{\"a\":1}}", "invalid_input"));
		int reboots = this.events.reboots().size();
		inputs.forEach((input, code) -> {
			client.send(input);
			JsonNode error = client.nextJson();
			assertThat(error.path("event").asString()).as(input).isEqualTo("ERROR");
			assertThat(error.path("data").path("code").asString()).as(input).isEqualTo(code);
			assertThat(error.path("data").path("message").asString()).as(input).isNotBlank();
		});
		client.send("ECHO", "1");
		assertThat(client.nextJson().path("data").asInt()).isEqualTo(1);
		client.send("{\"event\":\"ECHO\"}"); // a JsonNode parameter takes a missing input
												// as it is
		assertThat(client.nextJson().path("event").asString()).isEqualTo("ECHO");
		assertThat(this.events.reboots()).as("bad input reboots no kernel").hasSize(reboots);
	}

	@Test
	void failingHandlerAnswersAnErrorPublishesTheEventAndRebootsTheKernel() {
		this.events.clear();
		this.wsEvents.clear();
		WsTestClient client = connect();
		client.send("FAIL", "{}");
		JsonNode error = client.nextJson();
		assertThat(error.path("data").path("code").asString()).isEqualTo("handler_error");
		assertThat(error.path("data").path("event").asString()).isEqualTo("FAIL");
		assertThat(error.toString()).doesNotContain("IllegalStateException").doesNotContain("boom");
		await().untilAsserted(() -> {
			assertThat(this.wsEvents.of(WsHandlerExceptionEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.exception()).hasMessage("boom"));
			assertThat(this.events.reboots())
				.anySatisfy((event) -> assertThat(event.reason()).isEqualTo(RebootReason.EXCEPTION));
		});
		client.send("ECHO", "2");
		assertThat(client.nextJson().path("data").asInt()).isEqualTo(2);
	}

	@Test
	void controllerNotifiesEveryConnectionThroughTheQueue() {
		List<WsTestClient> connections = List.of(connect(), connect(), connect());
		await().until(() -> this.server.localConnectionCount() == 3);
		WebClient.create("http://localhost:" + this.port).post().uri("/orders").retrieve().toBodilessEntity().block();
		for (WsTestClient client : connections) {
			JsonNode message = client.nextJson();
			assertThat(message.path("event").asString()).isEqualTo("CREATED_ORDER");
			assertThat(message.path("data").path("order_id").asInt()).isEqualTo(1);
		}
	}

	@Test
	void broadcastChannelsAndClose() {
		WsTestClient a = connect();
		WsTestClient b = connect();
		// The server holds a connection only once its handshake was answered: the
		// broadcast below reaches the connections it holds.
		await().until(() -> this.server.localConnectionCount() == 2);
		a.send("JOIN", "\"news\"");
		assertThat(a.nextJson().path("event").asString()).isEqualTo("JOINED");
		this.server.publish("news", "NEWS", Map.of("n", 1));
		assertThat(a.nextJson().path("data").path("n").asInt()).isEqualTo(1);
		this.server.broadcast("ALL", "hi");
		assertThat(a.nextJson().path("data").asString()).isEqualTo("hi");
		assertThat(b.nextJson().path("data").asString()).isEqualTo("hi");
		assertThat(b.pending()).isZero();
		String id = this.listeners.lastConnection;
		this.server.close(id, new CloseStatus(4001, "bye"));
		assertThat(a.awaitCloseCode()).isEqualTo(4001);
		assertThat(a.awaitCloseReason()).isEqualTo("bye");
		await().untilAsserted(() -> assertThat(this.wsEvents.of(WsConnectionClosedEvent.class))
			.anySatisfy((event) -> assertThat(event.connection().id()).isEqualTo(id)));
		assertThat(this.server.connections().map(WsConnection::id).collectList().block()).doesNotContain(id);
	}

	@Test
	void aConnectionClosedByItsClientIsRemovedWithTheClientsStatus() {
		WsTestClient client = connect();
		client.send("JOIN", "\"closing\"");
		client.nextJson();
		String id = this.listeners.lastConnection;
		client.close(4100, "done");
		await().untilAsserted(() -> {
			assertThat(this.wsEvents.of(WsConnectionClosedEvent.class)).anySatisfy((event) -> {
				assertThat(event.connection().id()).isEqualTo(id);
				assertThat(event.status().getCode()).isEqualTo(4100);
			});
			assertThat(this.wsEvents.of(WsConnectionRemovedEvent.class))
				.anySatisfy((event) -> assertThat(event.connectionId()).isEqualTo(id));
		});
		assertThat(this.server.connections().map(WsConnection::id).collectList().block()).doesNotContain(id);
	}

	@Test
	void connectionsAndMessagesShowInTheEndpointTheHealthAndTheMeters() {
		double echoes = handled("ECHO", "success");
		double unknown = this.meters.counter("worker.websocket.errors", "code", "unknown_event").count();
		WsTestClient a = connect();
		connect();
		await().until(() -> this.server.localConnectionCount() == 2);
		a.send("ECHO", "1");
		a.nextJson();
		a.send("NOPE", "1");
		a.nextJson();
		assertThat(handled("ECHO", "success")).isEqualTo(echoes + 1);
		assertThat(this.meters.counter("worker.websocket.errors", "code", "unknown_event").count())
			.isEqualTo(unknown + 1);
		assertThat(this.meters.counter("worker.websocket.messages.sent", "event", "ECHO").count()).isPositive();
		int open = this.server.localConnectionCount();
		assertThat(open).isEqualTo(2);
		assertThat(this.meters.get("worker.websocket.connections").gauge().value()).isEqualTo(open);
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
		http.get()
			.uri("/actuator/workers")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.websocket.connections")
			.isEqualTo(open)
			.jsonPath("$.websocket.instance")
			.isEqualTo(this.server.instanceId());
		http.get()
			.uri("/actuator/health")
			.exchange()
			.expectBody()
			.jsonPath("$.components.websocket.status")
			.isEqualTo("UP")
			.jsonPath("$.components.websocket.details.connections")
			.isEqualTo(open);
	}

	private double handled(String event, String outcome) {
		Timer timer = this.meters.find("worker.websocket.handler").tags("event", event, "outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Listeners.class, EchoListener.class, RecordedEvents.class, RecordedWsEvents.class })
	static class Application {

		@Bean
		@WorkerScoped
		Counter counter() {
			return new Counter();
		}

		@Bean
		WsMessageHandler orderHandler(Counter counter) {
			return (server, message) -> {
				WorkerContext context = WorkerContext.current().orElseThrow();
				server.send(message.connectionId(), "ORDER_ACCEPTED",
						Map.of("id", message.inputData().path("id").asInt(), "trace", message.headers().get("x-trace"),
								"pool", context.poolName(), "worker", context.workerId(), "counted",
								counter.increment()));
			};
		}

		@RestController
		static class Orders {

			private final WsServer server;

			Orders(WsServer server) {
				this.server = server;
			}

			// The seed's example: after an order is created, every connection is told.
			@PostMapping("/orders")
			Mono<Void> create() {
				return this.server.connections()
					.flatMap((connection) -> this.server.queue(connection.id(), "CREATED_ORDER", Map.of("order_id", 1)))
					.then();
			}

		}

	}

	static class Counter {

		private int count;

		int increment() {
			return ++this.count;
		}

	}

	@Component
	static class Listeners {

		final AtomicInteger overlaps = new AtomicInteger();

		private final Map<String, Boolean> busy = new ConcurrentHashMap<>();

		volatile String lastConnection;

		@WsListener("SEQ")
		int sequence(WsMessage message, int number) {
			if (this.busy.put(message.connectionId(), true) != null) {
				this.overlaps.incrementAndGet();
			}
			Thread.onSpinWait();
			this.busy.remove(message.connectionId());
			return number;
		}

		@WsListener(value = "JOIN", reply = "JOINED")
		String join(WsServer server, WsMessage message, String channel) {
			server.join(message.connectionId(), channel);
			this.lastConnection = message.connectionId();
			return channel;
		}

		@WsListener("FAIL")
		void fail() {
			throw new IllegalStateException("boom");
		}

	}

}
