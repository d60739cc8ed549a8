package dev.workerstarter.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;

import dev.workerstarter.support.TestRedis;
import dev.workerstarter.support.WsTestClient;
import dev.workerstarter.websocket.internal.RedisConnectionStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of an application in one test, sharing a real Redis server under a key
 * prefix of their own: each reaches the connections the other holds, and a stopped
 * instance's connections leave the storage.
 */
class WsRedisClusterIntegrationTests {

	private static final Duration EXPIRY = Duration.ofSeconds(1);

	private final String keyPrefix = TestRedis.keyPrefix();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final List<WsTestClient> clients = new ArrayList<>();

	@AfterEach
	void stop() {
		this.clients.forEach(WsTestClient::close);
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void instancesReachEachOthersConnections() {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		assertThat(a.getBean(WsConnectionStorage.class)).isInstanceOf(RedisConnectionStorage.class);
		WsServer serverA = a.getBean(WsServer.class);
		assertThat(serverA.instanceId()).isNotEqualTo(b.getBean(WsServer.class).instanceId());
		WsTestClient onA = connect(a);
		WsTestClient onB = connect(b);
		String idOnB = idOf(onB);
		assertThat(serverA.connections().map(WsConnection::id).collectList().block()).contains(idOf(onA), idOnB);
		assertThat(serverA.connectionCount().block()).isEqualTo(2);
		assertThat(serverA.localConnectionCount()).isEqualTo(1);

		// A send from A to a connection on B, in order.
		for (int i = 0; i < 50; i++) {
			serverA.send(idOnB, "HELLO", Map.of("n", i));
		}
		assertThat(onB.nextJson(50)).extracting((message) -> message.path("data").path("n").asInt())
			.containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());

		// A broadcast from A reaches the connections of both.
		serverA.broadcast("ALL", "hi");
		assertThat(onA.nextJson().path("data").asString()).isEqualTo("hi");
		assertThat(onB.nextJson().path("data").asString()).isEqualTo("hi");

		// A channel publish from A reaches the members on both, and no one else.
		WsTestClient otherOnB = connect(b);
		idOf(otherOnB); // held by B before the fence is broadcast
		onA.send("JOIN", "\"news\"");
		assertThat(onA.nextJson().path("event").asString()).isEqualTo("JOINED");
		onB.send("JOIN", "\"news\"");
		assertThat(onB.nextJson().path("event").asString()).isEqualTo("JOINED");
		serverA.publish("news", "NEWS", Map.of("n", 1));
		assertThat(onA.nextJson().path("event").asString()).isEqualTo("NEWS");
		assertThat(onB.nextJson().path("event").asString()).isEqualTo("NEWS");
		// Sent after the publish: had the other connection received the publish, it would
		// come first.
		serverA.broadcast("FENCE", 0);
		for (WsTestClient client : List.of(otherOnB, onA, onB)) {
			assertThat(client.nextJson().path("event").asString()).isEqualTo("FENCE");
		}

		// Queued on A for a connection on B: B takes the messages and sends them in
		// order.
		Flux.range(0, 20).concatMap((i) -> serverA.queue(idOnB, "QUEUED", i)).blockLast(Duration.ofSeconds(10));
		assertThat(onB.nextJson(20))
			.extracting((message) -> message.path("event").asString() + " " + message.path("data").asInt())
			.containsExactlyElementsOf(IntStream.range(0, 20).mapToObj((i) -> "QUEUED " + i).toList());

		// A close from A of a connection on B.
		serverA.close(idOnB, new CloseStatus(4001, "bye"));
		assertThat(onB.awaitCloseCode()).isEqualTo(4001);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !serverA.connections().map(WsConnection::id).collectList().block().contains(idOnB));
	}

	@Test
	void heartbeatsKeepConnectionsAndAStoppedInstancesConnectionsLeaveTheStorage() {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		WsServer serverA = a.getBean(WsServer.class);
		WsTestClient onB = connect(b);
		String idOnB = idOf(onB);
		// A connection of an instance that died without a word: nobody refreshes it.
		WsConnection orphan = new WsConnection("orphan", "dead-instance", Instant.now());
		a.getBean(WsConnectionStorage.class).insert(orphan, EXPIRY).block();
		assertThat(ids(serverA)).contains("orphan", idOnB);
		// Gone after the expiry, while B's heartbeats keep its own connection.
		await().atMost(EXPIRY.multipliedBy(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !ids(serverA).contains("orphan"));
		assertThat(ids(serverA)).contains(idOnB);
		b.close();
		assertThat(onB.awaitCloseCode()).isEqualTo(1001);
		await().atMost(EXPIRY.multipliedBy(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !ids(serverA).contains(idOnB));
		assertThat(serverA.connectionCount().block()).isZero();
	}

	private ConfigurableApplicationContext start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.REACTIVE)
			.properties(TestRedis.properties(this.keyPrefix))
			.properties("server.port=0", "worker.pool.size=2", "worker.websocket.path=/ws",
					"worker.websocket.storage=redis", "worker.websocket.heartbeat=200ms",
					"worker.websocket.expiry=" + EXPIRY.toMillis() + "ms", "spring.main.banner-mode=off")
			.run();
		this.instances.add(context);
		return context;
	}

	private WsTestClient connect(ConfigurableApplicationContext instance) {
		int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
		WsTestClient client = WsTestClient.connect(port, "/ws");
		this.clients.add(client);
		return client;
	}

	// The connection is in the storage before its first message is read.
	private static String idOf(WsTestClient client) {
		client.send("WHOAMI", "{}");
		JsonNode reply = client.nextJson();
		assertThat(reply.path("event").asString()).isEqualTo("WHOAMI");
		return reply.path("data").asString();
	}

	private static List<String> ids(WsServer server) {
		return server.connections().map(WsConnection::id).collectList().block();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class Application {

	}

	@Component
	static class Listeners {

		@WsListener("WHOAMI")
		String whoAmI(WsMessage message) {
			return message.connectionId();
		}

		@WsListener(value = "JOIN", reply = "JOINED")
		String join(WsServer server, WsMessage message, String channel) {
			server.join(message.connectionId(), channel);
			return channel;
		}

	}

}
