package dev.workerstarter.reboot;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;

import dev.workerstarter.reboot.MaxJobsRebootStrategyTests.Finished;
import dev.workerstarter.reboot.internal.RebootPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class RebootPolicyTests {

	@Test
	void everyStrategySeesEveryJobAndTheFirstThatAsksGivesTheReason() {
		AtomicInteger seen = new AtomicInteger();
		KernelRebootStrategy counting = new KernelRebootStrategy() {
			@Override
			public boolean shouldReboot(FinishedJob job) {
				seen.incrementAndGet();
				return true;
			}
		};
		RebootPolicy policy = new RebootPolicy(List.of(new OnExceptionRebootStrategy(List.of(ErrorResponse.class)),
				new AlwaysRebootStrategy(), counting));
		assertThat(policy.evaluate(new Finished(1, 1, new IllegalStateException()))).isEqualTo(RebootReason.EXCEPTION);
		assertThat(policy.evaluate(new Finished(1, 2, null))).isEqualTo(RebootReason.ALWAYS);
		assertThat(seen).hasValue(2);
	}

	@Test
	void onExceptionAllowsInstancesOfAllowedTypes() {
		OnExceptionRebootStrategy strategy = new OnExceptionRebootStrategy(
				List.of(ErrorResponse.class, IllegalArgumentException.class));
		assertThat(strategy.shouldReboot(new Finished(1, 1, new ResponseStatusException(HttpStatus.NOT_FOUND))))
			.isFalse();
		assertThat(strategy.shouldReboot(new Finished(1, 1, new NumberFormatException()))).isFalse();
		assertThat(strategy.shouldReboot(new Finished(1, 1, new IllegalStateException()))).isTrue();
		assertThat(strategy.shouldReboot(new Finished(1, 1, null))).isFalse();
	}

	@Test
	void noStrategyAskingKeepsTheKernel() {
		RebootPolicy policy = new RebootPolicy(List.of(new MaxJobsRebootStrategy(5, 0, new java.util.Random())));
		policy.kernelBooted(1);
		assertThat(policy.evaluate(new Finished(1, 4, null))).isNull();
		assertThat(policy.evaluate(new Finished(1, 5, null))).isEqualTo(RebootReason.MAX_JOBS);
	}

}
