package dev.workerstarter.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.workerstarter.support.EchoListener;
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutdown with connections open, over a real port with real clients: each is closed with
 * {@code 1001 server shutting down} at once, so that the web server's graceful shutdown
 * does not wait its timeout for them.
 */
class WsShutdownIntegrationTests {

	private static final Duration GRACE = Duration.ofSeconds(30);

	private final List<WsTestClient> clients = new ArrayList<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		this.clients.forEach(WsTestClient::close);
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void closingTheContextClosesEveryConnectionWith1001PromptlyInsteadOfWaitingForTheGracePeriod() {
		this.context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.shutdown=graceful",
					"spring.lifecycle.timeout-per-shutdown-phase=" + GRACE.toSeconds() + "s", "worker.pool.size=2",
					"worker.websocket.path=/ws")
			.run();
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		for (int i = 0; i < 3; i++) {
			WsTestClient client = WsTestClient.connect(port, "/ws");
			client.send("ECHO", Integer.toString(i));
			assertThat(client.nextJson().path("data").asInt()).isEqualTo(i);
			this.clients.add(client);
		}
		long start = System.nanoTime();
		this.context.close();
		Duration closing = Duration.ofNanos(System.nanoTime() - start);
		for (WsTestClient client : this.clients) {
			assertThat(client.awaitCloseCode()).isEqualTo(1001);
			assertThat(client.awaitCloseReason()).isEqualTo("server shutting down");
		}
		assertThat(closing).isLessThan(GRACE.dividedBy(3));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoListener.class)
	static class Application {

	}

}
