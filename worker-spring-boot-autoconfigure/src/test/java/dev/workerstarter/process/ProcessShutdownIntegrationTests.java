package dev.workerstarter.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.workerstarter.process.internal.ProcessInfo;
import dev.workerstarter.process.internal.ProcessSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Supervised processes on shutdown, each test with an application of its own: a process
 * that waits with {@link ProcessContext#awaitStop(Duration)} returns as soon as it is
 * asked to, one that ignores the request is interrupted once the destroy timeout has
 * passed, and either way the close returns and the process's thread is gone.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProcessShutdownIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@Test
	void aCooperativeProcessReturnsAsSoonAsItIsAskedToStop() {
		Probe probe = new Probe();
		ConfigurableApplicationContext context = start(probe, Cooperative.class,
				"worker.processes.destroy-timeout=30s");
		long closing = System.nanoTime();
		context.close();
		Duration close = Duration.ofNanos(System.nanoTime() - closing);
		assertThat(close).as("far within the destroy timeout").isLessThan(Duration.ofSeconds(10));
		assertThat(probe.ended).containsExactly("returned");
		assertStoppedAndThreadGone(probe);
		assertThat(probe.stopped).singleElement().satisfies((event) -> {
			assertThat(event.isStopping()).isTrue();
			assertThat(event.exception()).isNull();
		});
	}

	@Test
	void aProcessThatIgnoresTheStopIsInterruptedOnceTheDestroyTimeoutHasPassed(CapturedOutput output) {
		Probe probe = new Probe();
		ConfigurableApplicationContext context = start(probe, Stubborn.class, "worker.processes.destroy-timeout=1s");
		long closing = System.nanoTime();
		context.close();
		Duration close = Duration.ofNanos(System.nanoTime() - closing);
		assertThat(close).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(10));
		assertThat(probe.ended).containsExactly("interrupted");
		assertStoppedAndThreadGone(probe);
		assertThat(output).contains("Process 'stubborn' did not return within PT1S (worker.processes.destroy-timeout)");
		assertThat(probe.stopped).singleElement()
			.satisfies((event) -> assertThat(event.exception()).isInstanceOf(InterruptedException.class));
	}

	private static ConfigurableApplicationContext start(Probe probe, Class<?> process, String destroyTimeout) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class, process)
			.web(WebApplicationType.REACTIVE)
			.initializers((initializing) -> initializing.getBeanFactory().registerSingleton("probe", probe))
			.properties("server.port=0", "worker.pool.size=1", destroyTimeout)
			.run();
		await().atMost(DEADLINE).until(() -> probe.thread != null);
		probe.supervisor = context.getBean(ProcessSupervisor.class);
		assertThat(probe.supervisor.processes()).extracting(ProcessInfo::state).containsExactly(ProcessState.RUNNING);
		return context;
	}

	private static void assertStoppedAndThreadGone(Probe probe) {
		ProcessSupervisor supervisor = probe.supervisor;
		assertThat(supervisor).isNotNull();
		assertThat(supervisor.processes()).extracting(ProcessInfo::state).containsExactly(ProcessState.STOPPED);
		Thread thread = probe.thread;
		assertThat(thread).isNotNull();
		await().atMost(DEADLINE).until(() -> !thread.isAlive());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

	@Configuration(proxyBeanMethods = false)
	static class Cooperative {

		@Bean
		WorkerProcess cooperative(Probe probe) {
			return (context) -> {
				probe.thread = Thread.currentThread();
				while (!context.awaitStop(Duration.ofMinutes(1))) {
					// waits for the stop
				}
				probe.ended.add("returned");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Stubborn {

		@Bean
		WorkerProcess stubborn(Probe probe) {
			return (context) -> {
				probe.thread = Thread.currentThread();
				try {
					new CountDownLatch(1).await(); // never looks at the context
				}
				catch (InterruptedException ex) {
					probe.ended.add("interrupted");
					throw ex;
				}
			};
		}

	}

	/**
	 * What the test's process did, and the events of its runs.
	 */
	static class Probe {

		volatile @Nullable Thread thread;

		volatile @Nullable ProcessSupervisor supervisor;

		final List<String> ended = new CopyOnWriteArrayList<>();

		final List<ProcessStoppedEvent> stopped = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ProcessStoppedEvent event) {
			this.stopped.add(event);
		}

	}

}
