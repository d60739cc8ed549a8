package dev.workerstarter.job;

import reactor.core.publisher.Mono;

/**
 * Pushes durable jobs to the pipelines configured under
 * {@code worker.jobs.pipelines.<name>}, a bean. A job's payload is written as JSON and
 * read back into the type its handler takes. Nothing is pushed until the returned
 * {@code Mono} is subscribed: a push that is never subscribed pushes nothing.
 */
public interface WorkerJobs {

	/**
	 * Pushes a job to run as soon as a worker is free.
	 * @param pipeline the pipeline's name
	 * @param payload the job's payload, written as JSON
	 * @return the job's id, once the pipeline holds the job; fails with an
	 * {@link IllegalArgumentException} if there is no pipeline of that name, or with the
	 * driver's error if it cannot take the job
	 */
	default Mono<String> push(String pipeline, Object payload) {
		return push(pipeline, payload, JobOptions.NONE);
	}

	/**
	 * Pushes a job with options: a delay before it may run, a priority.
	 * @param pipeline the pipeline's name
	 * @param payload the job's payload, written as JSON
	 * @param options the options
	 * @return the job's id, once the pipeline holds the job; fails with an
	 * {@link IllegalArgumentException} if there is no pipeline of that name or the
	 * pipeline's driver does not order by priority and a priority was given, or with the
	 * driver's error if it cannot take the job
	 */
	Mono<String> push(String pipeline, Object payload, JobOptions options);

}
