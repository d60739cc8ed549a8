package dev.workerstarter.benchmarks.load;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the compilers' time from {@code jstat -compiler}.
 */
class JitTimeTests {

	@Test
	void readsTheTimeColumn() {
		assertThat(JitTime
			.parse("""
					Compiled Failed Invalid   Time   FailedType FailedMethod
					    8732      2       0    66.72          1 org/springframework/beans/factory/support/AbstractBeanFactory isTypeMatch
					"""))
			.hasValue(66.72);
		assertThat(JitTime.parse("""
				Compiled Failed Invalid   Time   FailedType FailedMethod
				    2743      0       0    13.44          0
				""")).hasValue(13.44);
	}

	@Test
	void anythingElseIsUnknown() {
		assertThat(JitTime.parse("12345 not found")).isEmpty();
		assertThat(JitTime.parse("Compiled Failed\n1 0\n")).isEmpty();
		assertThat(JitTime.parse("Compiled Failed Invalid Time\n1 0 0 soon\n")).isEmpty();
	}

	@Test
	void theTimeBetweenTwoReadingsIsUnknownIfEitherIs() {
		assertThat(JitTime.between(OptionalDouble.of(12.5), OptionalDouble.of(14.0))).isEqualTo(1.5);
		assertThat(JitTime.between(OptionalDouble.empty(), OptionalDouble.of(14.0))).isNaN();
		assertThat(JitTime.between(OptionalDouble.of(12.5), OptionalDouble.empty())).isNaN();
	}

	@Test
	void readsThisJvm() {
		assertThat(JitTime.seconds(ProcessHandle.current().pid()).orElseThrow()).isPositive();
	}

	@Test
	void aProcessThatIsNoJvmIsUnknown() {
		assertThat(JitTime.seconds(Long.MAX_VALUE)).isEmpty();
	}

}
