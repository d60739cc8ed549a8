package dev.workerstarter.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observing a job never fails it: a handler that throws is logged and the job goes on
 * unobserved.
 */
class WorkerObservationsTests {

	private final Kernel kernel = new Kernel("default", 1, 0, TestKernelThreads.configured());

	@Test
	void aHandlerFailingOnStartLeavesTheJobUnobserved() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new Failing(true, false));
		WorkerObservations observations = new WorkerObservations(registry);

		assertThat(observations.startJob(job(), Context.empty())).isNull();
		assertThat(observations.startQueue("default", Context.empty())).isNull();
	}

	@Test
	void aHandlerFailingOnStopIsLogged() {
		ObservationRegistry registry = ObservationRegistry.create();
		Failing handler = new Failing(false, true);
		registry.observationConfig().observationHandler(handler);
		WorkerObservations observations = new WorkerObservations(registry);
		KernelJob job = job();

		Observation observation = observations.startJob(job, Context.empty());
		assertThat(observation).isNotNull();
		WorkerObservations.stopJob(observation, job);
		assertThat(handler.stopped).containsExactly("worker.job");
	}

	@Test
	void theNoopRegistryMakesNoObservations() {
		assertThat(WorkerObservations.NONE.startJob(job(), Context.empty())).isNull();
		assertThat(WorkerObservations.NONE.startQueue("default", Context.empty())).isNull();
	}

	private KernelJob job() {
		return this.kernel.startJob((job) -> {
		});
	}

	private static final class Failing implements ObservationHandler<Observation.Context> {

		private final boolean onStart;

		private final boolean onStop;

		private final List<String> stopped = new ArrayList<>();

		Failing(boolean onStart, boolean onStop) {
			this.onStart = onStart;
			this.onStop = onStop;
		}

		@Override
		public void onStart(Observation.Context context) {
			if (this.onStart) {
				throw new IllegalStateException("broken handler");
			}
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context.getName());
			if (this.onStop) {
				throw new IllegalStateException("broken handler");
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
