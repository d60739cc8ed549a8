package dev.workerstarter.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.dashboard.WorkerDashboardEndpoint;
import dev.workerstarter.dashboard.internal.DashboardCounters;
import dev.workerstarter.dashboard.internal.DashboardSampler;
import dev.workerstarter.dashboard.internal.PoolSnapshot;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.reboot.RebootReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

class WorkerDashboardAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerDashboardAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=2", "worker.pools.reports.size=1");

	private final ReactiveWebApplicationContextRunner exposed = this.runner
		.withPropertyValues("management.endpoints.web.exposure.include=workerdashboard");

	@Test
	void isOffByDefault() {
		this.exposed.run((context) -> assertThat(context).hasSingleBean(WorkerPool.class)
			.doesNotHaveBean(WorkerDashboardEndpoint.class)
			.doesNotHaveBean(DashboardSampler.class)
			.doesNotHaveBean(DashboardCounters.class));
	}

	@Test
	void isOnWhenEnabledAndExposed() {
		this.exposed.withPropertyValues("worker.dashboard.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(WorkerDashboardEndpoint.class)
				.hasSingleBean(DashboardSampler.class)
				.hasSingleBean(DashboardCounters.class);
			WorkerDashboardEndpoint.HistoryDescriptor history = context.getBean(WorkerDashboardEndpoint.class)
				.history();
			assertThat(history.sampleInterval()).isEqualTo(Duration.ofSeconds(2));
			assertThat(history.history()).isEqualTo(Duration.ofMinutes(5));
			assertThat(history.pools()).containsOnlyKeys("default", "reports");
		});
	}

	@Test
	void backsOffWhenNotExposed() {
		this.runner.withPropertyValues("worker.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(WorkerPool.class)
				.doesNotHaveBean(WorkerDashboardEndpoint.class)
				.doesNotHaveBean(DashboardSampler.class)
				.doesNotHaveBean(DashboardCounters.class));
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.exposed
			.withPropertyValues("worker.dashboard.enabled=true", "management.endpoint.workerdashboard.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardCounters.class)
				.doesNotHaveBean(WorkerDashboardEndpoint.class));
	}

	@Test
	void backsOffWithoutThePools() {
		this.exposed.withPropertyValues("worker.dashboard.enabled=true", "worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerPool.class)
				.doesNotHaveBean(DashboardSampler.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.exposed.withPropertyValues("worker.dashboard.enabled=true")
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(WorkerPool.class)
				.doesNotHaveBean(DashboardCounters.class));
	}

	@Test
	void countsJobsAndRebootsAndSamplesEveryPool() {
		this.exposed
			.withPropertyValues("worker.dashboard.enabled=true", "worker.dashboard.sample-interval=50ms",
					"worker.dashboard.history=500ms")
			.run((context) -> {
				WorkerPool pool = context.getBean(WorkerPool.class);
				for (int i = 0; i < 5; i++) {
					pool.run(() -> "done").block(Duration.ofSeconds(10));
				}
				pool.rollingReset().block(Duration.ofSeconds(10));
				WorkerDashboardEndpoint endpoint = context.getBean(WorkerDashboardEndpoint.class);
				PoolSnapshot reports = endpoint.history().pools().get("reports");
				assertThat(reports.jobs()).isZero();
				assertThat(reports.reboots()).isEmpty();
				PoolSnapshot pool1 = endpoint.history().pools().get("default");
				assertThat(pool1.jobs()).isEqualTo(5);
				assertThat(pool1.reboots()).containsExactly(entry(RebootReason.RESET, 2L));
				// The history keeps history / interval samples, the newest ones.
				await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> endpoint.history().pools().get("default").samples().size() == 10);
				assertThat(endpoint.history().pools().get("default").samples()).hasSize(10)
					.isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
			});
	}

	@Test
	void stopsSamplingWithTheContext() {
		this.exposed
			.withPropertyValues("worker.dashboard.enabled=true", "worker.dashboard.sample-interval=20ms",
					"worker.dashboard.history=1s")
			.run((context) -> {
				DashboardSampler sampler = context.getBean(DashboardSampler.class);
				assertThat(sampler.isRunning()).isTrue();
				context.stop();
				assertThat(sampler.isRunning()).isFalse();
			});
	}

	@Test
	void failsOnANonPositiveSampleInterval() {
		assertFailsNaming("worker.dashboard.sample-interval=0s", "worker.dashboard.sample-interval");
	}

	@Test
	void failsOnANegativeHistory() {
		assertFailsNaming("worker.dashboard.history=-1m", "worker.dashboard.history");
	}

	@Test
	void failsOnAHistoryShorterThanTheInterval() {
		assertFailsNaming("worker.dashboard.history=1s", "worker.dashboard.history");
	}

	private void assertFailsNaming(String property, String key) {
		this.exposed.withPropertyValues("worker.dashboard.enabled=true", property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidWorkerPropertyException.class)
				.satisfies(
						(ex) -> assertThat(((InvalidWorkerPropertyException) ex).getName().toString()).isEqualTo(key));
		});
	}

}
