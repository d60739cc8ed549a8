package dev.workerstarter.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.workerstarter.actuate.WorkersEndpoint.PoolState;
import dev.workerstarter.actuate.WorkersEndpoint.WorkerDescriptor;
import dev.workerstarter.autoconfigure.WorkerAutoConfiguration;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.pool.internal.WorkerPool;
import dev.workerstarter.reboot.RebootReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code workers} endpoint's operations on a real pool, without HTTP.
 */
class WorkersEndpointTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=2");

	@Test
	void showsARunningPool() {
		this.runner.run((context) -> {
			WorkersEndpoint.PoolDescriptor pool = endpoint(context.getBean(WorkerPool.class)).workers();
			assertThat(pool.state()).isEqualTo(PoolState.RUNNING);
			assertThat(pool.size()).isEqualTo(2);
			assertThat(pool.workers()).extracting(WorkerDescriptor::id).containsExactly(1, 2);
			assertThat(pool.workers()).extracting(WorkerDescriptor::state).containsOnly(WorkerState.IDLE);
		});
	}

	@Test
	void showsADrainingPool() {
		this.runner.run((context) -> {
			WorkerPool pool = context.getBean(WorkerPool.class);
			pool.stopAccepting();
			assertThat(endpoint(pool).workers().state()).isEqualTo(PoolState.DRAINING);
		});
	}

	@Test
	void showsAStoppedPoolWithoutWorkers() {
		this.runner.run((context) -> {
			WorkerPool pool = context.getBean(WorkerPool.class);
			pool.stop();
			WorkersEndpoint.PoolDescriptor stopped = endpoint(pool).workers();
			assertThat(stopped.state()).isEqualTo(PoolState.STOPPED);
			assertThat(stopped.workers()).isEmpty();
			assertThat(endpoint(pool).worker(1)).isNull();
		});
	}

	@Test
	void findsNoWorkerOutsideTheIdRange() {
		this.runner.run((context) -> {
			WorkersEndpoint endpoint = endpoint(context.getBean(WorkerPool.class));
			assertThat(endpoint.worker(2)).isNotNull();
			assertThat(endpoint.worker(0)).isNull();
			assertThat(endpoint.worker(3)).isNull();
		});
	}

	@Test
	void resetCompletesWithTheWorkersItRebooted() {
		this.runner.run((context) -> {
			WorkersEndpoint endpoint = endpoint(context.getBean(WorkerPool.class));
			StepVerifier.create(endpoint.run("reset"))
				.assertNext((reset) -> assertThat(reset.workers()).isEqualTo(2))
				.expectComplete()
				.verify(Duration.ofSeconds(10));
			assertThat(endpoint.workers().workers()).extracting(WorkerDescriptor::lastRebootReason)
				.containsOnly(RebootReason.RESET);
		});
	}

	@Test
	void rejectsAnyOtherActionNamingTheOnlyOne() {
		this.runner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint(context.getBean(WorkerPool.class)).run("restart"))
			.withMessage("Unknown action 'restart', the only action is 'reset'"));
	}

	private static WorkersEndpoint endpoint(WorkerPool pool) {
		return new WorkersEndpoint(pool);
	}

}
