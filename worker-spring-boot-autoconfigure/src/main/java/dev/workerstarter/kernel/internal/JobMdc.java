package dev.workerstarter.kernel.internal;

import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * Puts the bound job's pool name, worker id and job number in SLF4J's MDC, so that log
 * lines written while a job is bound carry them, and removes them when it is unbound.
 */
final class JobMdc {

	/** MDC key of the pool name. */
	static final String WORKER_POOL = "workerPool";

	/** MDC key of the worker id. */
	static final String WORKER_ID = "workerId";

	/** MDC key of the job number. */
	static final String JOB_NUMBER = "jobNumber";

	private static final boolean PRESENT = ClassUtils.isPresent("org.slf4j.MDC", JobMdc.class.getClassLoader());

	private JobMdc() {
	}

	static void put(KernelJob job) {
		if (PRESENT) {
			MDC.put(WORKER_POOL, job.poolName());
			MDC.put(WORKER_ID, job.kernel().workerIdText());
			MDC.put(JOB_NUMBER, job.jobNumberText());
		}
	}

	static void clear() {
		if (PRESENT) {
			MDC.remove(WORKER_POOL);
			MDC.remove(WORKER_ID);
			MDC.remove(JOB_NUMBER);
		}
	}

}
