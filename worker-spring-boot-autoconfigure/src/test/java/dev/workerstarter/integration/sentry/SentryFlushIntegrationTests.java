package dev.workerstarter.integration.sentry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sentry.Sentry;
import io.sentry.spring.boot4.SentryAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.event.EventListener;

import dev.workerstarter.autoconfigure.WorkerAutoConfiguration;
import dev.workerstarter.autoconfigure.WorkerSentryAutoConfiguration;
import dev.workerstarter.event.WorkerStoppedEvent;
import dev.workerstarter.integration.sentry.internal.WorkerExceptionReporter;
import dev.workerstarter.support.SentryReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a slow Sentry, an event sent just before shutdown has arrived by the time the
 * application's listeners see the workers stop.
 */
class SentryFlushIntegrationTests {

	static final SentryReceiver receiver = new SentryReceiver();

	@AfterAll
	static void close() {
		Sentry.close();
		receiver.close();
	}

	@Test
	void aStoppingWorkerFlushesSentrysQueue() {
		receiver.delayResponses(Duration.ofMillis(500));
		StopListener listener = new StopListener();
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, SentryAutoConfiguration.class,
					WorkerSentryAutoConfiguration.class))
			.withPropertyValues("worker.pool.size=2", "sentry.dsn=" + receiver.dsn())
			.withBean(StopListener.class, () -> listener)
			.run((context) -> {
				assertThat(context).hasSingleBean(WorkerExceptionReporter.class);
				Sentry.captureMessage("last words");
			});
		assertThat(listener.eventsSeenAtStop).hasSize(2).containsOnly(1);
	}

	static class StopListener {

		final List<Integer> eventsSeenAtStop = new CopyOnWriteArrayList<>();

		@EventListener
		void stopped(WorkerStoppedEvent event) {
			this.eventsSeenAtStop.add(receiver.events().size());
		}

	}

}
