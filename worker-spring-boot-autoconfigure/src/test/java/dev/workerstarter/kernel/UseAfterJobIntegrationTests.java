package dev.workerstarter.kernel;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.server.WebFilter;

import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker-scoped bean used from {@code doFinally}, which runs after the response
 * completed and the job ended, is reported once per bean, naming the bean and the fix.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=1")
@ExtendWith({ OutputCaptureExtension.class, PoolClientExtension.class })
class UseAfterJobIntegrationTests {

	private static final AtomicInteger lateUses = new AtomicInteger();

	@Test
	void aUseFromDoFinallyIsReportedOncePerBean(PoolClient client, CapturedOutput output) {
		for (int i = 0; i < 3; i++) {
			assertThat(client.get("/ok").getBody()).isEqualTo("ok");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> lateUses.get() == 3);
		String warning = "Worker-scoped bean 'basket' was used on behalf of job";
		assertThat(output).contains(warning).contains("move the code from doFinally to doOnTerminate");
		assertThat(output.getOut().split(Pattern.quote(warning), -1)).as("logged once").hasSize(2);
	}

	static class Basket {

		void touch() {
			lateUses.incrementAndGet();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class })
	static class App {

		@Bean
		@WorkerScoped
		Basket basket() {
			return new Basket();
		}

		// Completes after a hop to a Reactor scheduler, which carries the job; doFinally
		// then
		// runs once the response and the job have ended.
		@Bean
		WebFilter lateFilter(Basket basket) {
			return (exchange, chain) -> chain.filter(exchange)
				.then(Mono.delay(Duration.ofMillis(1)))
				.then()
				.doFinally((signal) -> basket.touch());
		}

	}

}
