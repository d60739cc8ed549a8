package dev.workerstarter.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applications the tests start do not share Reactor Netty's global resources, so that
 * closing one leaves the others serving.
 */
class ContextOwnReactorResourcesTests {

	@Test
	void closingOneApplicationLeavesAnotherServing() {
		try (ConfigurableApplicationContext staying = start()) {
			assertThat(staying.getBean(ReactorResourceFactory.class).isUseGlobalResources()).isFalse();
			start().close();
			String port = staying.getEnvironment().getRequiredProperty("local.server.port");
			HttpStatusCode status = WebClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/health")
				.exchangeToMono((response) -> response.toBodilessEntity())
				.block(Duration.ofSeconds(10))
				.getStatusCode();
			assertThat(status.value()).isEqualTo(200);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.reactor.netty.shutdown-quiet-period=0s")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
