package dev.workerstarter.integration.sentry.internal;

import java.util.Objects;

import io.sentry.IScopes;
import io.sentry.ISentryLifecycleToken;
import io.sentry.Sentry;
import io.sentry.reactor.SentryReactorThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobBinding;

/**
 * Gives every job Sentry scopes of its own, forked from the root scopes and tagged with
 * the worker and job: current on the worker's threads while the job's code runs there,
 * and in the Reactor context of its chain. Without them, Sentry keeps one scope per
 * thread, and a worker's long-lived thread would carry one job's tags, user and
 * breadcrumbs into the next.
 */
public final class SentryJobScopes implements JobBinding.Factory {

	@Override
	public JobBinding create(Job job) {
		IScopes scopes = Sentry.forkedRootScopes("worker.job");
		scopes.configureScope((scope) -> WorkerTags.tag(scope, job.poolName(), job.workerId(), job.jobNumber()));
		return new Binding(scopes);
	}

	private record Binding(IScopes scopes) implements JobBinding {

		@Override
		public Object bind() {
			return this.scopes.makeCurrent();
		}

		@Override
		public void restore(@Nullable Object token) {
			// What bind() returned: makeCurrent() never gives null.
			((ISentryLifecycleToken) Objects.requireNonNull(token)).close();
		}

		@Override
		public Context write(Context context) {
			return context.put(SentryReactorThreadLocalAccessor.KEY, this.scopes);
		}

	}

}
