package dev.workerstarter.sample;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.websocket.WsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders page's WebSocket, over a real server and real WebSocket clients.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OrderNotificationsTests {

	private static final int POOL_SIZE = 4;

	private static final int TASKS_POOL_SIZE = 2;

	private static final AtomicLong pings = new AtomicLong();

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient client;

	@Autowired
	private WsServer server;

	@Test
	void aPingIsAnsweredByAWorker() {
		try (TestSocket socket = TestSocket.connect(this.port)) {
			JsonNode pong = ping(socket);
			assertThat(pong.path("workerId").asInt()).isBetween(1, POOL_SIZE);
		}
	}

	@Test
	void operatorsSeeTheOpenConnectionsAndTheServerIsPartOfReadiness() {
		try (TestSocket socket = TestSocket.connect(this.port)) {
			ping(socket);
			JsonNode workers = get("/actuator/workers");
			assertThat(workers.path("websocket").path("connections").asInt()).isPositive();
			assertThat(workers.path("websocket").path("instance").asString()).isEqualTo(this.server.instanceId());
			JsonNode readiness = get("/actuator/health/readiness");
			assertThat(readiness.path("components").path("websocket").path("status").asString()).isEqualTo("UP");
		}
	}

	@Test
	void everyOpenConnectionIsToldOfANewOrderAndSubscribersGetTheCount() {
		try (TestSocket subscriber = TestSocket.connect(this.port); TestSocket other = TestSocket.connect(this.port)) {
			subscriber.send("SUBSCRIBE", Map.of());
			assertThat(subscriber.awaitMessage("SUBSCRIBED", (data) -> true).path("channel").asString())
				.isEqualTo("orders");
			// A reply means the connection is open and in the storage.
			ping(other);

			long id = createOrder("tea", 2);

			for (TestSocket socket : new TestSocket[] { subscriber, other }) {
				JsonNode order = socket.awaitMessage("ORDER_CREATED", (data) -> data.path("id").asLong() == id);
				assertThat(order.path("item").asString()).isEqualTo("tea");
				assertThat(order.path("quantity").asInt()).isEqualTo(2);
			}
			assertThat(subscriber.awaitMessage("ORDER_COUNT", (data) -> true).path("count").asLong()).isPositive();
			// The count was published before POST /orders answered, so it would be in the
			// other connection's outbound buffer ahead of this reply.
			ping(other);
			assertThat(other.messages("ORDER_COUNT")).isEmpty();
		}
	}

	@Test
	void aReceiptRequestedOverHttpIsRenderedByAJobAndSentToThePage() {
		try (TestSocket socket = TestSocket.connect(this.port)) {
			socket.send("SUBSCRIBE", Map.of());
			String connection = socket.awaitMessage("SUBSCRIBED", (data) -> true).path("connection").asString();
			assertThat(connection).isNotBlank();
			long id = createOrder("coffee", 3);

			JsonNode requested = this.client.post()
				.uri("/orders/{id}/receipt", id)
				.bodyValue(Map.of("connection", connection))
				.exchange()
				.expectStatus()
				.isAccepted()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody();
			assertThat(requested).isNotNull();
			assertThat(requested.path("job").asString()).isNotBlank();

			JsonNode receipt = socket.awaitMessage("RECEIPT_READY", (data) -> data.path("orderId").asLong() == id);
			assertThat(receipt.path("receipt").asString()).contains("3 x coffee").contains("TOTAL 7.50");
			assertThat(receipt.path("workerId").asInt()).isBetween(1, TASKS_POOL_SIZE);
			JsonNode pipeline = get("/actuator/workerjobs/receipts");
			assertThat(pipeline.path("deadLetters").asLong()).isZero();
		}
	}

	@Test
	void aReceiptOfAnUnknownOrderIsNotFound() {
		this.client.post()
			.uri("/orders/{id}/receipt", Long.MAX_VALUE)
			.bodyValue(Map.of("connection", "none"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private static JsonNode ping(TestSocket socket) {
		long sentAt = pings.incrementAndGet();
		socket.send("PING", Map.of("sentAt", sentAt));
		return socket.awaitMessage("PONG", (data) -> data.path("sentAt").asLong() == sentAt);
	}

	private JsonNode get(String path) {
		return this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private long createOrder(String item, int quantity) {
		JsonNode order = this.client.post()
			.uri("/orders")
			.bodyValue(Map.of("item", item, "quantity", quantity))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(order).isNotNull();
		assertThat(order.path("item").asString()).isEqualTo(item);
		return order.path("id").asLong();
	}

}
