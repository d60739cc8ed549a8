package dev.workerstarter.job;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a pipeline's jobs, as a {@link JobHandler} bean
 * would be. The method may take the {@link JobMessage} and one more parameter, the
 * payload read from its JSON into the parameter's type (generic types included); what it
 * returns is ignored. The job is acknowledged once the method returns; if it throws, the
 * job is retried or dead-lettered.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobListener {

	/**
	 * Returns the pipeline whose jobs the method handles.
	 * @return a name under {@code worker.jobs.pipelines}
	 */
	String value();

}
