package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.middleware.internal.MiddlewareResolver;
import dev.workerstarter.pool.RollingResetResult;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reboots asked for from outside the jobs, with real workers: what joins what, what a
 * reset reports, and workers whose kernel cannot boot.
 */
class RollingRebootsTests {

	private final TestPools pools = new TestPools();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopPools() {
		this.pools.stopAll();
		FailingBoot.failing = false;
	}

	private List<WorkerKernelRebootedEvent> reboots() {
		return this.events.stream()
			.filter(WorkerKernelRebootedEvent.class::isInstance)
			.map(WorkerKernelRebootedEvent.class::cast)
			.toList();
	}

	// Runs a job on some worker until the sink ends it; returns that worker.
	private static Worker hold(BoundedWorkerPool pool, Sinks.Empty<Void> end) {
		Worker[] held = new Worker[1];
		pool.run((job) -> {
			held[0] = Worker.of((KernelJob) job);
			return end.asMono();
		}).subscribe(null, (error) -> {
		});
		assertThat(held[0]).as("a worker was free").isNotNull();
		return held[0];
	}

	@Test
	void aResetMeetingAPendingIdleTtlRequestWaitsForTheRealReboot() {
		BoundedWorkerPool pool = this.pools.size(2).events(this.events::add).start();
		Sinks.Empty<Void> end = Sinks.empty();
		Worker busy = hold(pool, end);
		CompletableFuture<Boolean> idleTtl = pool.reboots().reboot(busy, RebootReason.IDLE_TTL);
		CompletableFuture<RollingResetResult> reset = pool.rollingReset().toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> reboots().size() == 1);
		assertThat(reset).as("the busy worker is not rebooted yet").isNotDone();
		end.tryEmitEmpty();
		assertThat(reset).succeedsWithin(Duration.ofSeconds(5))
			.satisfies((result) -> assertThat(result.rebooted()).containsExactlyInAnyOrder(1, 2))
			.satisfies((result) -> assertThat(result.skipped()).isEmpty());
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::workerId).containsExactlyInAnyOrder(1, 2);
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::reason).containsOnly(RebootReason.RESET);
		assertThat(idleTtl).as("served by the reset's reboot").succeedsWithin(Duration.ofSeconds(5)).isEqualTo(true);
	}

	@Test
	void anIdleTtlRequestEndsUnservedWhenTheWorkerTakesAJob() {
		BoundedWorkerPool pool = this.pools.size(1).events(this.events::add).start();
		Sinks.Empty<Void> end = Sinks.empty();
		Worker busy = hold(pool, end);
		CompletableFuture<Boolean> idleTtl = pool.reboots().reboot(busy, RebootReason.IDLE_TTL);
		end.tryEmitEmpty();
		assertThat(idleTtl).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(false);
		assertThat(reboots()).isEmpty();
	}

	@Test
	void aStrategysRebootServesAPendingResetAndIsReportedWithItsOwnReasonOnly() {
		BoundedWorkerPool pool = this.pools.size(1).events(this.events::add).start();
		Sinks.Empty<Void> end = Sinks.empty();
		hold(pool, end);
		CompletableFuture<RollingResetResult> reset = pool.rollingReset().toFuture();
		end.tryEmitError(new IllegalStateException("unexpected"));
		assertThat(reset).succeedsWithin(Duration.ofSeconds(5))
			.satisfies((result) -> assertThat(result.rebooted()).containsExactly(1));
		assertThat(reboots()).singleElement()
			.satisfies((event) -> assertThat(event.reason()).isEqualTo(RebootReason.EXCEPTION));
	}

	@Test
	void aResetSkipsAndListsAWorkerWhoseKernelCannotBootAndTheWorkerComesBackLater() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerScope(WorkerScope.NAME, new WorkerScope());
		RootBeanDefinition bean = new RootBeanDefinition(FailingBoot.class);
		bean.setScope(WorkerScope.NAME);
		beanFactory.registerBeanDefinition("failingBoot", bean);
		KernelBootstrap bootstrap = new KernelBootstrap(beanFactory, List.of("failingBoot"),
				new MiddlewareResolver(List.of()), WorkerResetAdapter.NONE, UseAfterJob.warn(),
				TestKernelThreads.configured());
		BoundedWorkerPool pool = this.pools.size(2).bootstrap(bootstrap).events(this.events::add).start();
		FailingBoot.failing = true;

		RollingResetResult first = pool.rollingReset().block(Duration.ofSeconds(10));
		assertThat(first.rebooted()).containsExactly(1);
		assertThat(first.skipped()).containsExactly(2);
		assertThat(pool.count(WorkerState.FAILED)).isEqualTo(1);

		RollingResetResult second = pool.rollingReset().block(Duration.ofSeconds(10));
		assertThat(second.rebooted()).as("the slot passed on after the failure").containsExactly(1);
		assertThat(second.skipped()).containsExactly(2);

		FailingBoot.failing = false;
		await().atMost(Duration.ofSeconds(10)).until(() -> pool.count(WorkerState.IDLE) == 2);
		StepVerifier.create(pool.run((job) -> Mono.just(job.workerId()))).expectNextCount(1).verifyComplete();
	}

	/** A worker-scoped bean that cannot be created for worker 2 while failing is set. */
	public static class FailingBoot {

		static volatile boolean failing;

		FailingBoot() {
			if (failing && WorkerContext.current().orElseThrow().workerId() == 2) {
				throw new IllegalStateException("worker 2 cannot boot");
			}
		}

	}

}
