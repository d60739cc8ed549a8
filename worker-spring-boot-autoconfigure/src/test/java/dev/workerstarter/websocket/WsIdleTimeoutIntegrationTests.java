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
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idle timeout with pings off, over a real port with real clients: a connection that
 * sends nothing is closed with {@code 1001 idle timeout}, one that keeps sending is not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "worker.pool.size=2",
		"worker.websocket.path=/ws", "worker.websocket.ping-interval=0", "worker.websocket.idle-timeout=500ms" })
class WsIdleTimeoutIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsServer server;

	private final List<WsTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestClient::close);
		await().until(() -> this.server.localConnectionCount() == 0);
	}

	@Test
	void silentConnectionIsClosedWhileOneThatKeepsSendingStaysOpen() {
		WsTestClient active = WsTestClient.connect(this.port, "/ws");
		this.clients.add(active);
		WsTestClient silent = WsTestClient.watchingPings(this.port, "/ws", false);
		this.clients.add(silent);
		// The active one talks through the whole idle time of the silent one.
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		int exchanged = 0;
		while (!silent.isClosed()) {
			assertThat(System.nanoTime()).as("the silent connection closed in time").isLessThan(deadline);
			active.send("ECHO", Integer.toString(exchanged));
			assertThat(active.nextJson().path("data").asInt()).isEqualTo(exchanged);
			exchanged++;
		}
		assertThat(silent.awaitCloseCode()).isEqualTo(1001);
		assertThat(silent.awaitCloseReason()).isEqualTo("idle timeout");
		assertThat(silent.pings()).isZero();
		assertThat(active.isClosed()).isFalse();
		active.send("ECHO", "\"open\"");
		assertThat(active.nextJson().path("data").asString()).isEqualTo("open");
		assertThat(this.server.localConnectionCount()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoListener.class)
	static class Application {

	}

}
