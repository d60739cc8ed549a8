package dev.workerstarter.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import dev.workerstarter.support.EchoListener;
import dev.workerstarter.support.RecordedWsEvents;
import dev.workerstarter.support.WsTestClient;
import dev.workerstarter.websocket.internal.DropReason;
import dev.workerstarter.websocket.internal.WsRuntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limits that keep one connection from costing the server more than its share, over a
 * real port with real clients: the outbound buffer (a slow consumer is closed, nothing
 * piles up), the message size, and the inbound pending messages (back-pressure down to
 * the client's socket).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.websocket.path=/ws", "worker.websocket.outbound-buffer-size=16",
				"worker.websocket.max-message-size=20KB", "worker.websocket.max-pending-messages=2" })
class WsLimitsIntegrationTests {

	private static final int BUFFER = 16;

	private static final int MAX_MESSAGE_SIZE = 20 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	WsServer server;

	@Autowired
	WsRuntime runtime;

	@Autowired
	WsConnectionStorage storage;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RecordedWsEvents wsEvents;

	@Autowired
	Listeners listeners;

	private final List<WsTestClient> clients = new ArrayList<>();

	@BeforeEach
	void holdListeners() {
		this.listeners.reset();
	}

	@AfterEach
	void closeClients() {
		this.listeners.hold.countDown();
		this.clients.forEach(WsTestClient::close);
		await().until(() -> this.server.localConnectionCount() == 0);
	}

	private WsTestClient connect() {
		return keep(WsTestClient.connect(this.port, "/ws"));
	}

	private WsTestClient keep(WsTestClient client) {
		this.clients.add(client);
		return client;
	}

	// The id of a connection, from the server: it tells it to the client.
	private String idOf(WsTestClient client) {
		client.send("WHO", "{}");
		return client.nextJson().path("data").asString();
	}

	private double sent(String event) {
		return this.meters.counter("worker.websocket.messages.sent", "event", event).count();
	}

	private double dropped(DropReason reason) {
		return this.meters.counter("worker.websocket.dropped", "reason", reason.name().toLowerCase(Locale.ROOT))
			.count();
	}

	// Opens a client that reads nothing, and finds its id among the open connections.
	private String openPaused(List<String> others) {
		keep(WsTestClient.start(this.port, "/ws", (headers) -> {
		}, true).awaitOpen());
		await().until(() -> this.server.localConnectionCount() == others.size() + 1);
		return this.server.connections()
			.map(WsConnection::id)
			.filter((id) -> !others.contains(id))
			.single()
			.block(Duration.ofSeconds(10));
	}

	@Test
	void slowConsumerIsClosedWithoutTheServerHoldingMoreThanItsBufferAndOthersGoOn() {
		WsTestClient bystander = connect();
		String bystanderId = idOf(bystander);
		String slowId = openPaused(List.of(bystanderId));
		WsTestClient slow = this.clients.get(1);
		double sentBefore = sent("BIG");
		double slowBefore = dropped(DropReason.SLOW_CONSUMER);
		double closedBefore = dropped(DropReason.CLOSED);
		String payload = "x".repeat(32 * 1024);
		int pushes = 3000; // about 96 MB: far beyond any buffer of the server or the
							// sockets
		int mostPending = 0;
		for (int i = 0; i < pushes; i++) {
			this.server.send(slowId, "BIG", Map.of("seq", i, "payload", payload));
			mostPending = Math.max(mostPending, this.runtime.outboundPending());
			if (i % 500 == 0) {
				this.server.send(bystanderId, "TICK", i);
			}
		}
		// The buffer never held more than its size; what did not fit closed the
		// connection
		// and was dropped, counted, never thrown at the sender.
		assertThat(mostPending).isLessThanOrEqualTo(BUFFER);
		int accepted = (int) (sent("BIG") - sentBefore);
		assertThat(dropped(DropReason.SLOW_CONSUMER) - slowBefore).isEqualTo(1);
		assertThat(accepted + (dropped(DropReason.CLOSED) - closedBefore) + 1).isEqualTo(pushes);
		// Accepted: the buffer, plus what Reactor Netty took to write (at most 128 frames
		// in flight) and the sockets absorbed; 208 of 3,000 here, whatever the pushes.
		assertThat(accepted).isLessThan(pushes / 4);
		// The consumer, reading at last, gets what was accepted, in order, then the
		// close.
		slow.resume();
		assertThat(slow.awaitCloseCode()).isEqualTo(1008);
		assertThat(slow.awaitCloseReason()).isEqualTo("slow consumer: outbound buffer full");
		List<JsonNode> received = new ArrayList<>();
		while (slow.pending() > 0) {
			received.add(slow.nextJson());
		}
		assertThat(received).hasSizeLessThanOrEqualTo(accepted);
		for (int i = 0; i < received.size(); i++) {
			assertThat(received.get(i).path("data").path("seq").asInt()).isEqualTo(i);
		}
		// The other connection was not touched.
		for (int i = 0; i < pushes; i += 500) {
			assertThat(bystander.nextJson().path("data").asInt()).isEqualTo(i);
		}
		bystander.send("ECHO", "\"still here\"");
		assertThat(bystander.nextJson().path("data").asString()).isEqualTo("still here");
		assertThat(bystander.isClosed()).isFalse();
		await().until(() -> this.server.localConnectionCount() == 1);
		assertThat(this.server.connections().map(WsConnection::id).collectList().block()).containsExactly(bystanderId);
	}

	@Test
	void slowConsumerThatNeverReadsIsCutOffAtTheTransport() {
		String slowId = openPaused(List.of());
		String payload = "x".repeat(32 * 1024);
		for (int i = 0; i < 3000 && this.server.localConnectionCount() > 0; i++) {
			this.server.send(slowId, "BIG", Map.of("seq", i, "payload", payload));
		}
		// Its close frame waits behind what it does not read: the server gives up on the
		// close handshake and drops the connection, its buffers and its slot.
		await().atMost(Duration.ofSeconds(20)).until(() -> this.server.localConnectionCount() == 0);
		assertThat(this.storage.count().block()).isZero();
		assertThat(this.wsEvents.of(WsConnectionClosedEvent.class))
			.anySatisfy((event) -> assertThat(event.connection().id()).isEqualTo(slowId));
	}

	@Test
	void messageOverTheMaxSizeClosesTheConnectionWith1009AndOneAtTheMaxIsHandled() {
		WsTestClient client = connect();
		String atMax = echoOfSize(MAX_MESSAGE_SIZE);
		client.send(atMax);
		assertThat(client.nextJson().path("data").asString()).hasSize(atMax.length() - echoOfSize(0).length());
		client.send(echoOfSize(MAX_MESSAGE_SIZE + 1));
		assertThat(client.awaitCloseCode()).isEqualTo(1009);
		WsTestClient next = connect();
		next.send("ECHO", "\"ok\"");
		assertThat(next.nextJson().path("data").asString()).isEqualTo("ok");
	}

	// An ECHO message of the default format whose text is the given number of bytes.
	private static String echoOfSize(int bytes) {
		String empty = "{\"event\":\"ECHO\",\"input_data\":\"\"}";
		return (bytes == 0) ? empty
				: "{\"event\":\"ECHO\",\"input_data\":\"" + "y".repeat(bytes - empty.length()) + "\"}";
	}

	@Test
	void blockedListenerStopsTheServerReadingDownToTheClientsSocketThenAllAreHandledInOrder() throws Exception {
		WsTestClient client = connect();
		int count = 1000;
		String pad = "p".repeat(16 * 1024);
		for (int i = 0; i < count; i++) {
			client.send("HOLD", "{\"n\":" + i + ",\"pad\":\"" + pad + "\"}");
		}
		assertThat(this.listeners.entered.await(20, TimeUnit.SECONDS)).isTrue();
		// 16 MB sent while the first message is held: the server reads at most
		// max-pending-messages ahead, so the sockets fill up and the client cannot hand
		// its transport more; had the server kept reading, all would have gone.
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(15))
			.until(() -> client.handedToTransport() < count);
		assertThat(this.listeners.held).hasValue(1);
		this.listeners.hold.countDown();
		List<JsonNode> replies = client.nextJson(count);
		for (int i = 0; i < count; i++) {
			assertThat(replies.get(i).path("data").asInt()).as("reply %d", i).isEqualTo(i);
		}
		assertThat(this.listeners.held).hasValue(count);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Listeners.class, EchoListener.class, RecordedWsEvents.class })
	static class Application {

	}

	@Component
	static class Listeners {

		final AtomicInteger held = new AtomicInteger();

		volatile CountDownLatch entered = new CountDownLatch(1);

		volatile CountDownLatch hold = new CountDownLatch(1);

		void reset() {
			this.held.set(0);
			this.entered = new CountDownLatch(1);
			this.hold = new CountDownLatch(1);
		}

		@WsListener("WHO")
		String who(WsMessage message) {
			return message.connectionId();
		}

		@WsListener("HOLD")
		int hold(JsonNode input) throws InterruptedException {
			this.held.incrementAndGet();
			this.entered.countDown();
			this.hold.await(30, TimeUnit.SECONDS);
			return input.path("n").asInt();
		}

	}

}
