package dev.workerstarter.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * The bindings of several integrations for one job, bound in order and restored in
 * reverse.
 */
final class CompositeJobBinding implements JobBinding {

	private final JobBinding[] bindings;

	private CompositeJobBinding(JobBinding[] bindings) {
		this.bindings = bindings;
	}

	static @Nullable JobBinding of(List<Factory> factories, Job job) {
		List<JobBinding> bindings = new ArrayList<>(factories.size());
		for (Factory factory : factories) {
			JobBinding binding = factory.create(job);
			if (binding != null) {
				bindings.add(binding);
			}
		}
		return switch (bindings.size()) {
			case 0 -> null;
			case 1 -> bindings.get(0);
			default -> new CompositeJobBinding(bindings.toArray(JobBinding[]::new));
		};
	}

	@Override
	public Object bind() {
		@Nullable Object[] tokens = new Object[this.bindings.length];
		for (int i = 0; i < this.bindings.length; i++) {
			try {
				tokens[i] = this.bindings[i].bind();
			}
			catch (RuntimeException ex) {
				// The caller goes on without this binding: leave nothing of it on the
				// thread.
				restore(tokens, i - 1, ex);
				throw ex;
			}
		}
		return tokens;
	}

	@Override
	public void restore(@Nullable Object token) {
		// Never null: restore gets what this binding's bind() returned.
		@Nullable Object[] tokens = (@Nullable Object[]) Objects.requireNonNull(token);
		for (int i = this.bindings.length - 1; i >= 0; i--) {
			this.bindings[i].restore(tokens[i]);
		}
	}

	private void restore(@Nullable Object[] tokens, int last, RuntimeException failure) {
		for (int i = last; i >= 0; i--) {
			try {
				this.bindings[i].restore(tokens[i]);
			}
			catch (RuntimeException ex) {
				failure.addSuppressed(ex);
			}
		}
	}

	@Override
	public Context write(Context context) {
		for (JobBinding binding : this.bindings) {
			context = binding.write(context);
		}
		return context;
	}

}
