package dev.workerstarter.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.event.WorkerStartedEvent;
import dev.workerstarter.event.WorkerStoppedEvent;

/**
 * Logs the life of every worker.
 */
@Component
public class WorkerLifecycleLogger {

	private static final Logger logger = LoggerFactory.getLogger(WorkerLifecycleLogger.class);

	@EventListener
	public void started(WorkerStartedEvent event) {
		logger.info("Worker {} started", event.workerId());
	}

	@EventListener
	public void stopped(WorkerStoppedEvent event) {
		logger.info("Worker {} stopped", event.workerId());
	}

	@EventListener
	public void failed(WorkerExceptionEvent event) {
		logger.warn("Worker {} job {} failed: {}", event.workerId(), event.jobNumber(), event.exception().toString());
	}

	@EventListener
	public void rebooted(WorkerKernelRebootedEvent event) {
		logger.info("Worker {} kernel rebooted ({}) after {} jobs; formatters created so far: {}", event.workerId(),
				event.reason(), event.jobsHandled(), ReceiptFormatter.createdInstances());
	}

}
