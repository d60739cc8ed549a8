package dev.workerstarter.job.internal;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.job.JobMessage;

/**
 * A job taken from its driver, as its handler sees it.
 *
 * @param id the job's id
 * @param pipeline the pipeline's name
 * @param attempt which attempt this is
 * @param pushedAt when it was pushed
 * @param payload the payload's JSON
 * @param mapper reads the payload
 */
record ReceivedJob(String id, String pipeline, int attempt, Instant pushedAt, String payload,
		JsonMapper mapper) implements JobMessage {

	static ReceivedJob of(String pipeline, JobDriver.QueuedJob job, JsonMapper mapper) {
		return new ReceivedJob(job.id(), pipeline, job.attempt(), Instant.ofEpochMilli(job.pushedAtMillis()),
				job.payload(), mapper);
	}

	@Override
	public <T> T payload(Class<T> type) {
		return read(this.mapper.constructType(type));
	}

	<T> T read(JavaType type) {
		try {
			return this.mapper.readValue(this.payload, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"The payload of job " + this.id + " cannot be read as " + type + ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	@Override
	public String toString() {
		return "Job " + this.id + " of pipeline " + this.pipeline + " (attempt " + this.attempt + ")";
	}

}
