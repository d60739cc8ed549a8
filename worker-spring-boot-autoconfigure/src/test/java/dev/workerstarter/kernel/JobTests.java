package dev.workerstarter.kernel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.test.util.RaceTestUtils;

import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's hold count and expiry, raced: whatever the interleaving of retains, releases,
 * expiry and the expiry handler's registration, the job finishes (its listener told once)
 * or expires, never both and never twice.
 */
class JobTests {

	private static final int RACES = 10_000;

	private final Kernel kernel = new Kernel("default", 1, 0, TestKernelThreads.configured());

	private final AtomicInteger finished = new AtomicInteger();

	private final KernelJob.Listener listener = (job) -> this.finished.incrementAndGet();

	private KernelJob startJob() {
		this.finished.set(0);
		return this.kernel.startJob(this.listener);
	}

	@Test
	void theLastReleaseTellsTheListenerOnce() {
		KernelJob job = startJob();
		assertThat(job.retain()).isTrue();
		job.release();
		assertThat(this.finished).hasValue(0);
		job.release();
		assertThat(this.finished).hasValue(1);
		assertThat(job.outcome()).isEqualTo(JobOutcome.SUCCESS);
	}

	@Test
	void retainAfterFinishReturnsFalse() {
		KernelJob job = startJob();
		job.release();
		assertThat(job.retain()).isFalse();
		assertThat(this.finished).hasValue(1);
	}

	@Test
	void expireAfterFinishReturnsFalseAndRunsNoHandler() {
		KernelJob job = startJob();
		AtomicInteger handled = new AtomicInteger();
		job.onExpiry((ex) -> handled.incrementAndGet());
		job.release();
		assertThat(job.expire(new IllegalStateException("too late"))).isFalse();
		assertThat(handled).hasValue(0);
		assertThat(job.exception()).isNull();
		assertThat(job.outcome()).isEqualTo(JobOutcome.SUCCESS);
	}

	@Test
	void anExpiredJobTellsNoListenerTakesNoHoldAndExpiresOnce() {
		KernelJob job = startJob();
		assertThat(job.retain()).isTrue();
		IllegalStateException timeout = new IllegalStateException("timeout");
		assertThat(job.expire(timeout)).isTrue();
		assertThat(job.retain()).isFalse();
		assertThat(job.expire(new IllegalStateException("again"))).isFalse();
		job.release();
		job.release();
		assertThat(this.finished).hasValue(0);
		assertThat(job.exception()).isSameAs(timeout);
		assertThat(job.outcome()).isEqualTo(JobOutcome.TIMEOUT);
	}

	@Test
	void aHandlerRegisteredAfterExpiryRunsAtOnceWithTheExpiryException() {
		KernelJob job = startJob();
		IllegalStateException timeout = new IllegalStateException("timeout");
		job.expire(timeout);
		List<Throwable> seen = new CopyOnWriteArrayList<>();
		job.onExpiry(seen::add);
		assertThat(seen).containsExactly(timeout);
	}

	@Test
	void aHandlerRegisteredAfterExpirySeesTheExceptionTheJobExpiredWithAfterALaterExpireLost() {
		KernelJob job = startJob();
		IllegalStateException timeout = new IllegalStateException("timeout");
		assertThat(job.expire(timeout)).isTrue();
		assertThat(job.expire(new IllegalStateException("a later expire, which loses"))).isFalse();
		List<Throwable> seen = new CopyOnWriteArrayList<>();
		job.onExpiry(seen::add);
		assertThat(job.exception()).isSameAs(timeout);
		assertThat(seen).as("what the job expired with").containsExactly(timeout);
	}

	@Test
	void releaseRacingWithExpireEitherFinishesOrExpires() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			AtomicBoolean expired = new AtomicBoolean();
			RaceTestUtils.race(job::release, () -> expired.set(job.expire(new IllegalStateException("timeout"))));
			assertFinishedOrExpired(job, expired.get(), i);
		}
	}

	@Test
	void retainReleaseAndExpireRacingEitherFinishOrExpire() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			AtomicBoolean expired = new AtomicBoolean();
			Runnable blockingTask = () -> {
				if (job.retain()) {
					job.release();
				}
			};
			RaceTestUtils.race(job::release, blockingTask,
					() -> expired.set(job.expire(new IllegalStateException("timeout"))));
			assertFinishedOrExpired(job, expired.get(), i);
		}
	}

	@Test
	void releasesRacingToZeroTellTheListenerOnce() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			assertThat(job.retain()).isTrue();
			RaceTestUtils.race(job::release, job::release);
			assertThat(this.finished).as("race %d", i).hasValue(1);
		}
	}

	@Test
	void lateReleasesRacingWithExpiryNeverTellTheListenerOnceExpired() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			assertThat(job.retain()).isTrue();
			AtomicBoolean expired = new AtomicBoolean();
			RaceTestUtils.race(job::release, () -> expired.set(job.expire(new IllegalStateException("timeout"))));
			job.release(); // the other hold, always after
			assertFinishedOrExpired(job, expired.get(), i);
		}
	}

	@Test
	void retainRacingWithTheLastReleaseNeverRevivesAFinishedJob() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			AtomicBoolean retained = new AtomicBoolean();
			RaceTestUtils.race(job::release, () -> retained.set(job.retain()));
			if (retained.get()) {
				assertThat(this.finished).as("race %d: retained before the last release", i).hasValue(0);
				job.release();
			}
			assertThat(this.finished).as("race %d", i).hasValue(1);
			assertThat(job.retain()).as("race %d: retain after finish", i).isFalse();
		}
	}

	@Test
	void onExpiryRacingWithExpireRunsTheHandlerWithTheExpiryException() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			IllegalStateException timeout = new IllegalStateException("timeout");
			List<Throwable> seen = new CopyOnWriteArrayList<>();
			AtomicBoolean expired = new AtomicBoolean();
			RaceTestUtils.race(() -> job.onExpiry(seen::add), () -> expired.set(job.expire(timeout)));
			assertThat(expired).as("race %d", i).isTrue();
			assertThat(seen).as("race %d: run at least once, at most twice", i)
				.isNotEmpty()
				.hasSizeLessThanOrEqualTo(2);
			assertThat(seen).as("race %d: with the expiry exception", i).containsOnly(timeout);
			assertThat(this.finished).hasValue(0);
		}
	}

	@Test
	void onExpiryRacingWithExpireAndTheLastReleaseRunsTheHandlerOnlyIfExpired() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			IllegalStateException timeout = new IllegalStateException("timeout");
			List<Throwable> seen = new CopyOnWriteArrayList<>();
			AtomicBoolean expired = new AtomicBoolean();
			RaceTestUtils.race(() -> job.onExpiry(seen::add), () -> expired.set(job.expire(timeout)), job::release);
			assertFinishedOrExpired(job, expired.get(), i);
			if (expired.get()) {
				assertThat(seen).as("race %d", i).isNotEmpty().containsOnly(timeout);
			}
			else {
				assertThat(seen).as("race %d: finished, never expired", i).isEmpty();
			}
		}
	}

	@Test
	void concurrentExpiresExpireOnceAndTheHandlerSeesTheWinningException() {
		for (int i = 0; i < RACES; i++) {
			KernelJob job = startJob();
			IllegalStateException first = new IllegalStateException("first");
			IllegalStateException second = new IllegalStateException("second");
			AtomicBoolean firstWon = new AtomicBoolean();
			AtomicBoolean secondWon = new AtomicBoolean();
			RaceTestUtils.race(() -> firstWon.set(job.expire(first)), () -> secondWon.set(job.expire(second)));
			assertThat(firstWon.get() ^ secondWon.get()).as("race %d: expired once", i).isTrue();
			Throwable winner = firstWon.get() ? first : second;
			assertThat(job.exception()).as("race %d", i).isSameAs(winner);
			List<Throwable> seen = new CopyOnWriteArrayList<>();
			job.onExpiry(seen::add);
			assertThat(seen).as("race %d: the exception the job expired with", i).containsExactly(winner);
		}
	}

	private void assertFinishedOrExpired(KernelJob job, boolean expired, int race) {
		if (expired) {
			assertThat(this.finished).as("race %d: expired, so never finished", race).hasValue(0);
			assertThat(job.outcome()).isEqualTo(JobOutcome.TIMEOUT);
			assertThat(job.retain()).isFalse();
		}
		else {
			assertThat(this.finished).as("race %d: finished exactly once", race).hasValue(1);
			assertThat(job.outcome()).isEqualTo(JobOutcome.SUCCESS);
		}
	}

}
