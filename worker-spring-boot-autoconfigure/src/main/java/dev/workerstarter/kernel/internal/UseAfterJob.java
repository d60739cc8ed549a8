package dev.workerstarter.kernel.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.scope.ScopedProxyUtils;

/**
 * What happens when a worker-scoped bean is used on behalf of a job that has already
 * ended, typically from Reactor's {@code doFinally}, which runs after the response
 * completed, when the worker may already run its next job with the same instance: a
 * warning once per bean, or an exception (for tests). Internal: set through
 * {@code worker.scope.use-after-job}.
 */
public final class UseAfterJob {

	private static final Log logger = LogFactory.getLog(UseAfterJob.class);

	private final boolean fail;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private UseAfterJob(boolean fail) {
		this.fail = fail;
	}

	/**
	 * Logs one warning per bean.
	 * @return the policy
	 */
	public static UseAfterJob warn() {
		return new UseAfterJob(false);
	}

	/**
	 * Throws an {@link IllegalStateException} on every such use.
	 * @return the policy
	 */
	public static UseAfterJob fail() {
		return new UseAfterJob(true);
	}

	void report(String name, KernelJob job) {
		if (!this.fail && !this.warned.add(name)) {
			return;
		}
		String bean = ScopedProxyUtils.getOriginalBeanName(name);
		String message = "Worker-scoped bean '" + bean + "' was used on behalf of job " + job.jobNumber()
				+ " of worker " + job.workerId() + " after that job had ended: the worker may already be running "
				+ "its next job with the same instance. Use it before the job's response completes: move the code "
				+ "from doFinally to doOnTerminate, doOnCancel or Mono.usingWhen." + (this.fail ? ""
						: " (Logged once per bean; set worker.scope.use-after-job=fail to make it an " + "exception.)");
		if (this.fail) {
			throw new IllegalStateException(message);
		}
		logger.warn(message);
	}

}
