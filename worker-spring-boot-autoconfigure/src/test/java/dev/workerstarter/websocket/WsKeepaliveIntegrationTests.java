package dev.workerstarter.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.workerstarter.support.EchoListener;
import dev.workerstarter.support.RecordedWsEvents;
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pings and the idle timeout, over a real port with real clients: a client that answers
 * the pings stays open past the idle timeout without sending a message, one that does not
 * is closed with {@code 1001 idle timeout}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "worker.pool.size=2",
		"worker.websocket.path=/ws", "worker.websocket.ping-interval=200ms", "worker.websocket.idle-timeout=1s" })
class WsKeepaliveIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsServer server;

	@Autowired
	RecordedWsEvents wsEvents;

	private final List<WsTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestClient::close);
		await().until(() -> this.server.localConnectionCount() == 0);
	}

	private WsTestClient keep(WsTestClient client) {
		this.clients.add(client);
		return client;
	}

	@Test
	void clientsAnsweringPingsStayOpenPastTheIdleTimeoutAndOneThatDoesNotIsClosed() {
		WsTestClient answering = keep(WsTestClient.watchingPings(this.port, "/ws", true));
		WsTestClient automatic = keep(WsTestClient.connect(this.port, "/ws"));
		WsTestClient silent = keep(WsTestClient.watchingPings(this.port, "/ws", false));
		assertThat(silent.awaitCloseCode()).isEqualTo(1001);
		assertThat(silent.awaitCloseReason()).isEqualTo("idle timeout");
		assertThat(silent.pings()).isPositive();
		// Ten pings 200 ms apart: twice the idle timeout on, the others, which sent
		// nothing but pongs, are open.
		await().atMost(Duration.ofSeconds(20)).until(() -> answering.pings() >= 10);
		assertThat(answering.isClosed()).isFalse();
		assertThat(automatic.isClosed()).isFalse();
		assertThat(this.server.localConnectionCount()).isEqualTo(2);
		answering.send("ECHO", "\"alive\"");
		assertThat(answering.nextJson().path("data").asString()).isEqualTo("alive");
		automatic.send("ECHO", "\"alive\"");
		assertThat(automatic.nextJson().path("data").asString()).isEqualTo("alive");
		assertThat(this.wsEvents.of(WsConnectionClosedEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.status().getCode()).isEqualTo(1001));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ EchoListener.class, RecordedWsEvents.class })
	static class Application {

	}

}
