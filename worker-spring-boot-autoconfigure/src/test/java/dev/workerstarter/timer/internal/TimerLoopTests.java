package dev.workerstarter.timer.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.scheduling.support.CronExpression;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedule of a timer in virtual time: when runs start and end, how overruns are
 * counted, and that two runs never overlap.
 */
class TimerLoopTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final List<Long> starts = new CopyOnWriteArrayList<>();

	private final List<Long> ends = new CopyOnWriteArrayList<>();

	private final AtomicLong overruns = new AtomicLong();

	@AfterEach
	void dispose() {
		this.scheduler.dispose();
	}

	@Test
	void fixedRateStartsRunsAPeriodApart() {
		TimerLoop loop = loop(TimerSchedule.fixedRate(ms(100), Duration.ZERO), ms(30));
		loop.start();

		this.scheduler.advanceTimeBy(ms(450));

		assertThat(this.starts).containsExactly(0L, 100L, 200L, 300L, 400L);
		assertThat(this.ends).containsExactly(30L, 130L, 230L, 330L, 430L);
		assertThat(this.overruns).hasValue(0);
	}

	@Test
	void fixedRateSkipsTheStartsThatFallWhileARunStillRunsAndCountsThem() {
		TimerLoop loop = loop(TimerSchedule.fixedRate(ms(100), Duration.ZERO), ms(250));
		loop.start();

		this.scheduler.advanceTimeBy(ms(1000));

		assertThat(this.starts).containsExactly(0L, 300L, 600L, 900L);
		assertThat(this.ends).containsExactly(250L, 550L, 850L);
		assertThat(this.overruns).hasValue(6);
		assertNoOverlap();
	}

	@Test
	void fixedRateStartsAtOnceARunThatEndsOnItsStart() {
		TimerLoop loop = loop(TimerSchedule.fixedRate(ms(100), Duration.ZERO), ms(100));
		loop.start();

		this.scheduler.advanceTimeBy(ms(350));

		assertThat(this.starts).containsExactly(0L, 100L, 200L, 300L);
		assertThat(this.overruns).hasValue(0);
	}

	@Test
	void fixedRateWaitsTheInitialDelay() {
		TimerLoop loop = loop(TimerSchedule.fixedRate(ms(10), ms(25)), Duration.ZERO);
		loop.start();

		this.scheduler.advanceTimeBy(ms(50));

		assertThat(this.starts).containsExactly(25L, 35L, 45L);
	}

	@Test
	void fixedDelayCountsTheDelayFromTheEndOfARun() {
		TimerLoop loop = loop(TimerSchedule.fixedDelay(ms(100), ms(10)), ms(30));
		loop.start();

		this.scheduler.advanceTimeBy(ms(500));

		assertThat(this.starts).containsExactly(10L, 140L, 270L, 400L);
		assertThat(this.ends).containsExactly(40L, 170L, 300L, 430L);
		assertThat(this.overruns).hasValue(0);
	}

	@Test
	void cronStartsAtItsFireTimesAndAfterAnOverrunAtTheFirstOneAfterTheEnd() {
		// virtual time starts at 0, 1970-01-01T00:00:00Z, a fire time of every second
		TimerLoop loop = loop(TimerSchedule.cron(CronExpression.parse("* * * * * *"), ZoneOffset.UTC), ms(1500));
		loop.start();

		this.scheduler.advanceTimeBy(Duration.ofMillis(6100));

		// fire times after 0: 1 s; the run ends at 2.5 s, overrunning 2 s; next 3 s, ...
		assertThat(this.starts).containsExactly(1000L, 3000L, 5000L);
		assertThat(this.ends).containsExactly(2500L, 4500L);
		assertThat(this.overruns).hasValue(2);
		assertNoOverlap();
	}

	@Test
	void cronOfAZoneFiresInThatZone() {
		this.scheduler.advanceTimeTo(Instant.parse("2026-03-01T00:00:00Z"));
		TimerLoop loop = loop(TimerSchedule.cron(CronExpression.parse("0 0 1 * * *"), ZoneOffset.ofHours(-2)),
				Duration.ZERO);
		loop.start();

		this.scheduler.advanceTimeBy(Duration.ofHours(4));

		assertThat(this.starts).extracting(Instant::ofEpochMilli)
			.containsExactly(Instant.parse("2026-03-01T03:00:00Z"));
	}

	@Test
	void stopStartsNoMoreRunsAndLetsTheRunningOneEnd() {
		TimerLoop loop = loop(TimerSchedule.fixedRate(ms(100), Duration.ZERO), ms(50));
		loop.start();
		this.scheduler.advanceTimeBy(ms(120));
		assertThat(this.starts).containsExactly(0L, 100L);

		loop.stop();
		this.scheduler.advanceTimeBy(ms(1000));

		assertThat(this.starts).containsExactly(0L, 100L);
		assertThat(this.ends).containsExactly(50L, 150L);
	}

	@Test
	void aRunThatFailsIsFollowedByTheNextOne() {
		TimerLoop loop = new TimerLoop(this.scheduler, TimerSchedule.fixedRate(ms(100), Duration.ZERO), () -> {
			this.starts.add(now());
			return Mono.error(new IllegalStateException("boom"));
		}, this.overruns::addAndGet);
		loop.start();

		this.scheduler.advanceTimeBy(ms(250));

		assertThat(this.starts).containsExactly(0L, 100L, 200L);
	}

	private TimerLoop loop(TimerSchedule schedule, Duration runLength) {
		return new TimerLoop(this.scheduler, schedule, () -> {
			this.starts.add(now());
			return Mono.delay(runLength, this.scheduler).doOnNext((tick) -> this.ends.add(now())).then();
		}, this.overruns::addAndGet);
	}

	private void assertNoOverlap() {
		for (int i = 0; i < this.ends.size(); i++) {
			assertThat(this.starts.get(i)).isLessThan(this.ends.get(i));
			if (i + 1 < this.starts.size()) {
				assertThat(this.starts.get(i + 1)).isGreaterThanOrEqualTo(this.ends.get(i));
			}
		}
	}

	private long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

	private static Duration ms(long millis) {
		return Duration.ofMillis(millis);
	}

}
