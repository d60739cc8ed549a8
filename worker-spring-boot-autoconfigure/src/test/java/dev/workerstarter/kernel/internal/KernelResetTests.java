package dev.workerstarter.kernel.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.WorkerResettable;
import dev.workerstarter.kernel.WorkerReusable;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Resets of worker-scoped instances: those an adapter gives a reset, the
 * {@link WorkerReusable} hook before a later job's first use, and the job bound while
 * resets run.
 */
class KernelResetTests {

	private final Kernel kernel = new Kernel("default", 1, 0, TestKernelThreads.configured());

	private final List<String> calls = new ArrayList<>();

	@AfterEach
	void destroy() {
		this.kernel.destroy();
	}

	// Adapts Strings only, as an integration adapts the type it looks after.
	private void bootWithStringAdapter() {
		this.kernel.boot((name) -> {
		}, List.of(), (bean) -> (bean instanceof String text) ? new Reusable(text) : null, UseAfterJob.warn(),
				() -> null);
	}

	@Test
	void anAdaptedInstanceIsResetAfterTheJobsThatUsedIt() {
		bootWithStringAdapter();
		KernelJob first = this.kernel.startJob((job) -> {
		});
		this.kernel.instance("text", () -> "a", first);
		this.kernel.instance("other", Object::new, first);
		assertThat(this.kernel.needsReset(first)).isTrue();
		this.kernel.reset(first);
		KernelJob second = this.kernel.startJob((job) -> {
		});
		assertThat(this.kernel.needsReset(second)).as("not used by the second job").isFalse();
		this.kernel.reset(second);
		assertThat(this.calls).containsExactly("reset a");
	}

	@Test
	void beforeReuseRunsOnceOnALaterJobsFirstUseNeverForTheJobThatCreatedIt() {
		bootWithStringAdapter();
		KernelJob first = this.kernel.startJob((job) -> {
		});
		useText(first);
		useText(first);
		this.kernel.reset(first);
		KernelJob second = this.kernel.startJob((job) -> {
		});
		useText(second);
		useText(second);
		assertThat(this.calls).containsExactly("reset a", "beforeReuse a in job 2");
	}

	@Test
	void aResetRunWithTheJobBoundMayRequireAForcedReboot() {
		this.kernel.boot((name) -> {
		}, List.of(), (bean) -> () -> WorkerContext.current().orElseThrow().requestKernelReboot(), UseAfterJob.warn(),
				() -> null);
		KernelJob job = this.kernel.startJob((finished) -> {
		});
		this.kernel.instance("bean", Object::new, job);
		assertThat(job.bound(() -> this.kernel.reset(job))).as("as the worker runs it").isNull();
		assertThat(job.forcedReboot()).isEqualTo(RebootReason.FORCED);
		assertThat(job.exception()).isNull();
		assertThat(WorkerContextHolder.get()).as("unbound afterwards").isNull();
	}

	@Test
	void aBeanThatIsResettableItselfIsNotAdapted() {
		bootWithStringAdapter();
		KernelJob job = this.kernel.startJob((finished) -> {
		});
		this.kernel.instance("own", () -> (WorkerResettable) () -> this.calls.add("own reset"), job);
		this.kernel.reset(job);
		assertThat(this.calls).containsExactly("own reset");
	}

	@Test
	void aStrayTaskOfAnEarlierJobDoesNotTakeABeanAwayFromTheCurrentJobsReset() {
		bootWithStringAdapter();
		KernelJob first = this.kernel.startJob((job) -> {
		});
		useText(first);
		this.kernel.reset(first);
		KernelJob second = this.kernel.startJob((job) -> {
		});
		useText(second);
		useText(first); // a task of the first job, still running during the second
		assertThat(this.kernel.needsReset(second)).isTrue();
		this.kernel.reset(second);
		assertThat(this.calls).containsExactly("reset a", "beforeReuse a in job 2", "reset a");
	}

	@Test
	void aUseOnBehalfOfAnEndedJobFailsWhenUseAfterJobIsFail() {
		this.kernel.boot((name) -> {
		}, List.of(), WorkerResetAdapter.NONE, UseAfterJob.fail(), () -> null);
		KernelJob job = this.kernel.startJob((finished) -> {
		});
		assertThat(this.kernel.instance("scopedTarget.cart", () -> "cart", job)).isEqualTo("cart");
		job.end();
		assertThatIllegalStateException().isThrownBy(() -> this.kernel.instance("scopedTarget.cart", () -> "cart", job))
			.withMessageContaining("Worker-scoped bean 'cart'")
			.withMessageContaining("job 1 of worker 1")
			.withMessageContaining("doOnTerminate");
		KernelJob next = this.kernel.startJob((finished) -> {
		});
		assertThat(this.kernel.instance("scopedTarget.cart", () -> "cart", next)).as("the next job is fine")
			.isEqualTo("cart");
	}

	// As the worker scope does: with the job bound to the thread.
	private void useText(KernelJob job) {
		job.wrap(() -> this.kernel.instance("text", () -> "a", job)).run();
	}

	private final class Reusable implements WorkerReusable {

		private final String text;

		Reusable(String text) {
			this.text = text;
		}

		@Override
		public void reset() {
			KernelResetTests.this.calls.add("reset " + this.text);
		}

		@Override
		public void beforeReuse() {
			KernelResetTests.this.calls.add("beforeReuse " + this.text + " in job "
					+ WorkerContext.current().map(WorkerContext::jobNumber).orElse(-1L));
		}

	}

}
