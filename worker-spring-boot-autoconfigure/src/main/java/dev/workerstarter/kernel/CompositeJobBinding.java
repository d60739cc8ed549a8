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
				restoreDownFrom(i - 1, tokens, ex);
				throw ex;
			}
		}
		return tokens;
	}

	@Override
	public void restore(@Nullable Object token) {
		// Never null: restore gets what this binding's bind() returned.
		@Nullable Object[] tokens = (@Nullable Object[]) Objects.requireNonNull(token);
		RuntimeException failure = restoreDownFrom(this.bindings.length - 1, tokens, null);
		if (failure != null) {
			throw failure;
		}
	}

	// Restores the bindings from the given one down to the first, each also when one
	// restored before it threw; returns the first failure, with the later ones
	// suppressed.
	private @Nullable RuntimeException restoreDownFrom(int last, @Nullable Object[] tokens,
			@Nullable RuntimeException failure) {
		for (int i = last; i >= 0; i--) {
			try {
				this.bindings[i].restore(tokens[i]);
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		return failure;
	}

	@Override
	public Context write(Context context) {
		for (JobBinding binding : this.bindings) {
			context = binding.write(context);
		}
		return context;
	}

}
