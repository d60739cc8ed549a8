package dev.workerstarter.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.workerstarter.actuate.WorkersEndpoint.PoolState;
import dev.workerstarter.actuate.WorkersEndpoint.WorkerDescriptor;
import dev.workerstarter.autoconfigure.WorkerAutoConfiguration;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.pool.internal.WorkerPoolGroup;
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
			WorkersEndpoint.PoolDescriptor pool = endpoint(context).workers().pools().get("default");
			assertThat(pool.state()).isEqualTo(PoolState.RUNNING);
			assertThat(pool.size()).isEqualTo(2);
			assertThat(pool.workers()).extracting(WorkerDescriptor::id).containsExactly(1, 2);
			assertThat(pool.workers()).extracting(WorkerDescriptor::state).containsOnly(WorkerState.IDLE);
		});
	}

	@Test
	void showsADrainingPool() {
		this.runner.run((context) -> {
			context.getBean(WorkerPoolGroup.class).stopAccepting();
			assertThat(endpoint(context).pool("default").state()).isEqualTo(PoolState.DRAINING);
		});
	}

	@Test
	void showsAStoppedPoolWithoutWorkers() {
		this.runner.run((context) -> {
			context.getBean(WorkerPoolGroup.class).stop();
			WorkersEndpoint.PoolDescriptor stopped = endpoint(context).pool("default");
			assertThat(stopped.state()).isEqualTo(PoolState.STOPPED);
			assertThat(stopped.workers()).isEmpty();
			assertThat(endpoint(context).worker("default", 1)).isNull();
		});
	}

	@Test
	void findsNoWorkerOutsideTheIdRange() {
		this.runner.run((context) -> {
			WorkersEndpoint endpoint = endpoint(context);
			assertThat(endpoint.worker("default", 2)).isNotNull();
			assertThat(endpoint.worker("default", 0)).isNull();
			assertThat(endpoint.worker("default", 3)).isNull();
			assertThat(endpoint.worker("reports", 1)).isNull();
			assertThat(endpoint.pool("reports")).isNull();
		});
	}

	@Test
	void resetCompletesWithTheWorkersItRebooted() {
		this.runner.run((context) -> {
			WorkersEndpoint endpoint = endpoint(context);
			StepVerifier.create(endpoint.run("reset"))
				.assertNext((reset) -> assertThat(reset.pools().get("default").workers()).isEqualTo(2))
				.expectComplete()
				.verify(Duration.ofSeconds(10));
			assertThat(endpoint.pool("default").workers()).extracting(WorkerDescriptor::lastRebootReason)
				.containsOnly(RebootReason.RESET);
		});
	}

	@Test
	void rejectsAnyOtherActionNamingTheOnlyOne() {
		this.runner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint(context).run("restart"))
			.withMessage("Unknown action 'restart', the only action is 'reset'"));
	}

	private static WorkersEndpoint endpoint(ApplicationContext context) {
		return new WorkersEndpoint(context.getBean(WorkerPools.class), null);
	}

}
