package dev.workerstarter.kernel.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a kernel tells of its thread, by which the pool decides whether handing it work
 * may wake it: whether the caller is that thread, and whether it is running a task.
 */
class KernelThreadStateTests {

	private final Kernel kernel = new Kernel("default", 1, 0, TestKernelThreads.configured());

	@AfterEach
	void destroy() {
		this.kernel.destroy();
	}

	@Test
	void runsATaskOnlyWhileOneRunsAndIsTheCurrentThreadOnlyOnItsOwn() throws Exception {
		assertThat(this.kernel.isRunningTask()).as("before its thread started").isFalse();
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<Boolean> currentInside = new CompletableFuture<>();
		this.kernel.execute(() -> {
			currentInside.complete(this.kernel.isCurrentThread());
			running.countDown();
			awaitQuietly(finish);
		});
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.kernel.isRunningTask()).isTrue();
		assertThat(this.kernel.isCurrentThread()).isFalse();
		assertThat(currentInside.get(10, TimeUnit.SECONDS)).isTrue();
		finish.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.kernel.isRunningTask());
		CompletableFuture<Boolean> failingTaskEnded = new CompletableFuture<>();
		this.kernel.execute(() -> {
			throw new IllegalStateException("a task that fails");
		});
		this.kernel.execute(() -> failingTaskEnded.complete(true));
		assertThat(failingTaskEnded.get(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.alias("not running once a failed task and the next have ended")
			.until(() -> !this.kernel.isRunningTask());
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
