package dev.workerstarter.web;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.TaskRejectedException;

import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.support.TestKernelThreads;
import dev.workerstarter.web.internal.WorkerBlockingExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A blocking handler method whose job cannot run it is refused with an error that fails
 * its request: never dropped in silence, never holding its job open.
 */
class WorkerBlockingExecutorTests {

	private final Kernel kernel = new Kernel("default", 1, 0, TestKernelThreads.configured());

	private final AtomicInteger finished = new AtomicInteger();

	private final AtomicInteger ran = new AtomicInteger();

	private final WorkerBlockingExecutor executor = new WorkerBlockingExecutor();

	@AfterEach
	void destroy() {
		this.kernel.destroy();
	}

	@Test
	void aMethodOfAJobThatHasEndedIsRefused() {
		KernelJob job = this.kernel.startJob((ended) -> this.finished.incrementAndGet());
		job.release();
		job.bound(() -> {
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> this.executor.execute(this.ran::incrementAndGet))
				.withMessageContaining("has already ended");
			return null;
		});
		assertThat(this.ran).hasValue(0);
		assertThat(this.finished).hasValue(1);
	}

	@Test
	void aMethodOfAJobWhoseKernelIsDestroyedIsRefusedAndReleasesItsHold() {
		KernelJob job = this.kernel.startJob((ended) -> this.finished.incrementAndGet());
		this.kernel.destroy();
		job.bound(() -> {
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> this.executor.execute(this.ran::incrementAndGet))
				.withMessageContaining("kernel has been destroyed");
			return null;
		});
		assertThat(this.finished).as("the job is still open").hasValue(0);
		job.release();
		assertThat(this.finished).as("and ends with its own release").hasValue(1);
		assertThat(this.ran).hasValue(0);
	}

}
