package dev.workerstarter.kernel;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JobBindingFactoryTests {

	private final Kernel kernel = new Kernel("default", 1, 0, TestKernelThreads.configured());

	private final KernelJob job = this.kernel.startJob((finished) -> {
	});

	private final List<String> calls = new ArrayList<>();

	@AfterEach
	void destroy() {
		this.kernel.destroy();
	}

	@Test
	void noFactoryMakesNoBinding() {
		assertThat(JobBinding.Factory.of(List.of()).create(this.job)).isNull();
	}

	@Test
	void aSingleFactoryIsUsedAsItIs() {
		JobBinding.Factory factory = (job) -> new Recording("a");
		assertThat(JobBinding.Factory.of(List.of(factory))).isSameAs(factory);
	}

	@Test
	void severalBindingsBindInOrderRestoreInReverseAndAllWriteTheContext() {
		JobBinding binding = JobBinding.Factory
			.of(List.of((job) -> new Recording("a"), (job) -> null, (job) -> new Recording("b")))
			.create(this.job);
		Object token = binding.bind();
		binding.restore(token);
		Context context = binding.write(Context.empty());
		assertThat(this.calls).containsExactly("bind a", "bind b", "restore b with token b", "restore a with token a");
		assertThat(context.<String>get("a")).isEqualTo("a");
		assertThat(context.<String>get("b")).isEqualTo("b");
	}

	@Test
	void aBindingThatThrowsLeavesTheOnesBoundBeforeItRestored() {
		JobBinding binding = JobBinding.Factory.of(List.of((job) -> new Recording("a"), (job) -> new Recording("b"),
				(job) -> new Throwing(), (job) -> new Recording("c")))
			.create(this.job);
		assertThatIllegalStateException().isThrownBy(binding::bind).withMessage("bind failed");
		assertThat(this.calls).containsExactly("bind a", "bind b", "restore b with token b", "restore a with token a");
	}

	@Test
	void aBindingThatThrowsWhileRestoringLeavesTheOthersRestored() {
		JobBinding binding = JobBinding.Factory
			.of(List.of((job) -> new Recording("a"), (job) -> new FailingRestore(), (job) -> new Recording("b")))
			.create(this.job);
		Object token = binding.bind();
		assertThatIllegalStateException().isThrownBy(() -> binding.restore(token)).withMessage("restore failed");
		assertThat(this.calls).containsExactly("bind a", "bind b", "restore b with token b", "restore a with token a");
	}

	@Test
	void aBindingAloneAmongFactoriesIsUsedAsItIs() {
		Recording only = new Recording("a");
		assertThat(JobBinding.Factory.of(List.of((job) -> null, (job) -> only)).create(this.job)).isSameAs(only);
	}

	private final class Recording implements JobBinding {

		private final String name;

		Recording(String name) {
			this.name = name;
		}

		@Override
		public Object bind() {
			JobBindingFactoryTests.this.calls.add("bind " + this.name);
			return "token " + this.name;
		}

		@Override
		public void restore(@Nullable Object token) {
			JobBindingFactoryTests.this.calls.add("restore " + this.name + " with " + token);
		}

		@Override
		public Context write(Context context) {
			return context.put(this.name, this.name);
		}

	}

	private static final class Throwing implements JobBinding {

		@Override
		public Object bind() {
			throw new IllegalStateException("bind failed");
		}

		@Override
		public void restore(@Nullable Object token) {
			throw new AssertionError("never bound, never restored");
		}

	}

	private static final class FailingRestore implements JobBinding {

		@Override
		public @Nullable Object bind() {
			return null;
		}

		@Override
		public void restore(@Nullable Object token) {
			throw new IllegalStateException("restore failed");
		}

	}

}
