package dev.workerstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * Explains an {@link InvalidWorkerPropertyException} that stopped start-up.
 */
final class InvalidWorkerPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWorkerPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWorkerPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
