package dev.workerstarter.job.internal;

/**
 * Whether a pipeline runs jobs on this instance.
 */
public enum PipelineState {

	/** Taking jobs and running them. */
	RUNNING,

	/** Taking no job; those that were running finish. Pushes are still taken. */
	PAUSED,

	/** Not started, or stopped. */
	STOPPED

}
