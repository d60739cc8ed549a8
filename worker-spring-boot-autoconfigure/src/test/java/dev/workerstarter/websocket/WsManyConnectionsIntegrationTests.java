package dev.workerstarter.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.workerstarter.support.EchoListener;
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand connections open at once on one instance, over a real port with real
 * clients: each gets exactly its own replies, in order, and every one of them is gone
 * from the instance and the storage once they close.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=4", "worker.websocket.path=/ws" })
class WsManyConnectionsIntegrationTests {

	private static final int CONNECTIONS = 1000;

	private static final int MESSAGES = 5;

	@LocalServerPort
	int port;

	@Autowired
	WsServer server;

	@Autowired
	WsConnectionStorage storage;

	private final List<WsTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestClient::close);
	}

	@Test
	void thousandConnectionsEachGetTheirOwnRepliesInOrderAndAllLeaveWhenClosed() {
		for (int i = 0; i < CONNECTIONS; i++) {
			this.clients.add(WsTestClient.start(this.port, "/ws", (headers) -> {
			}, false));
		}
		this.clients.forEach(WsTestClient::awaitOpen);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.server.localConnectionCount() == CONNECTIONS);
		assertThat(this.storage.count().block()).isEqualTo(CONNECTIONS);
		// Every connection's messages in flight at once, interleaved with all others.
		for (int n = 0; n < MESSAGES; n++) {
			for (int c = 0; c < CONNECTIONS; c++) {
				this.clients.get(c).send("ECHO", "{\"client\":" + c + ",\"n\":" + n + "}");
			}
		}
		for (int c = 0; c < CONNECTIONS; c++) {
			WsTestClient client = this.clients.get(c);
			List<JsonNode> replies = client.nextJson(MESSAGES);
			for (int n = 0; n < MESSAGES; n++) {
				JsonNode data = replies.get(n).path("data");
				assertThat(data.path("client").asInt()).as("client %d reply %d", c, n).isEqualTo(c);
				assertThat(data.path("n").asInt()).as("client %d reply %d", c, n).isEqualTo(n);
			}
		}
		this.clients.forEach((client) -> assertThat(client.pending()).isZero());
		this.clients.forEach(WsTestClient::close);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.server.localConnectionCount() == 0);
		assertThat(this.storage.count().block()).isZero();
		assertThat(this.server.connections().collectList().block()).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoListener.class)
	static class Application {

	}

}
