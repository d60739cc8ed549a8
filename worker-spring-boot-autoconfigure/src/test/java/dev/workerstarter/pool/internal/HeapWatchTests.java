package dev.workerstarter.pool.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import javax.management.ObjectName;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import dev.workerstarter.reboot.internal.MemoryThreshold;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap watch on a fake heap: a pass each time usage after collection rises above the
 * threshold, none while one runs, and one warning when a pass did not bring usage down.
 */
@ExtendWith(OutputCaptureExtension.class)
class HeapWatchTests {

	private static final long MB = 1024 * 1024;

	private static final String WARNING = "not held by worker kernels";

	private static final String PASS = "rebooting every kernel";

	private final FakePool eden = new FakePool("Eden");

	private final FakePool old = new FakePool("Old");

	private final FakeCollector young = new FakeCollector("Young");

	private final FakeCollector full = new FakeCollector("Full");

	// Half of a 1024MB heap: 512MB.
	private final HeapWatch watch = new HeapWatch(MemoryThreshold.ofFraction(0.5), List.of(this.eden, this.old),
			List.of(this.young, this.full), 1024 * MB);

	// Usage after a collection that leaves the given megabytes in use.
	private void collected(long megabytes) {
		this.eden.collected(0);
		this.old.collected(megabytes * MB);
		this.young.collections++;
	}

	@Test
	void belowTheThresholdAsksForNoPass(CapturedOutput output) {
		assertThat(this.watch.passNeeded()).as("no collection yet").isFalse();
		collected(511);
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).doesNotContain(PASS).doesNotContain(WARNING);
	}

	@Test
	void aboveTheThresholdAsksForExactlyOnePass(CapturedOutput output) {
		collected(512); // the threshold itself is above
		assertThat(this.watch.passNeeded()).isTrue();
		assertThat(this.watch.passNeeded()).as("disarmed").isFalse();
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).containsOnlyOnce(PASS)
			.contains("Heap in use after garbage collection is 512MB, above the threshold of 0.5 of the maximum heap");
	}

	@Test
	void aFixedThresholdIsKeptWhateverTheMaximumHeap() {
		HeapWatch watch = new HeapWatch(MemoryThreshold.ofSize(DataSize.ofMegabytes(100)), List.of(this.old),
				List.of(this.young), 1024 * MB);
		collected(99);
		assertThat(watch.passNeeded()).isFalse();
		collected(100);
		assertThat(watch.passNeeded()).isTrue();
	}

	@Test
	void usageIsSummedOverThePoolsThatHaveBeenCollected() {
		this.eden.collected(300 * MB);
		this.old.collected(212 * MB);
		assertThat(this.watch.passNeeded()).as("300MB + 212MB").isTrue();
	}

	@Test
	void aPoolNeverCollectedCountsForNothing() {
		this.old.collected(511 * MB);
		assertThat(this.eden.getCollectionUsage()).isNull();
		assertThat(this.watch.passNeeded()).isFalse();
	}

	@Test
	void staysAboveWithNoCollectionSinceThePassEndedAsksForNothingAndWarnsNot(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		this.watch.passEnded();
		for (int i = 0; i < 5; i++) {
			assertThat(this.watch.passNeeded()).isFalse();
		}
		assertThat(output).containsOnlyOnce(PASS).doesNotContain(WARNING);
	}

	@Test
	void stillAboveAfterACollectionFollowingThePassWarnsOnceAndAsksForNoPass(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		this.watch.passEnded();
		collected(590);
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).containsOnlyOnce(WARNING)
			.contains("Heap in use after garbage collection is still 590MB after every kernel was rebooted")
			.contains("until usage falls below 0.5 of the maximum heap");
		collected(590);
		this.full.collections++;
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).as("reported once").containsOnlyOnce(WARNING).containsOnlyOnce(PASS);
	}

	@Test
	void collectionsWhileThePassRunsDoNotCountAsFollowingIt(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		collected(600);
		this.full.collections++;
		assertThat(this.watch.passNeeded()).as("the pass runs").isFalse();
		this.watch.passEnded();
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).doesNotContain(WARNING);
		collected(600);
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).containsOnlyOnce(WARNING);
	}

	@Test
	void anUndefinedCollectionCountCountsForNothing(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		// what a collector returns while its count is undefined
		this.full.collections = -1;
		this.watch.passEnded();
		this.full.collections = 0;
		assertThat(this.watch.passNeeded()).as("no collection since").isFalse();
		assertThat(output).doesNotContain(WARNING);
		collected(600);
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).containsOnlyOnce(WARNING);
	}

	@Test
	void fallingBelowAndRisingAgainAsksForANewPass(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		this.watch.passEnded();
		collected(100); // the pass helped
		assertThat(this.watch.passNeeded()).isFalse();
		collected(700);
		assertThat(this.watch.passNeeded()).isTrue();
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).doesNotContain(WARNING);
		assertThat(output.toString().split(PASS, -1)).as("two passes").hasSize(3);
	}

	@Test
	void fallingBelowAfterTheWarningRearms(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		this.watch.passEnded();
		collected(600);
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).containsOnlyOnce(WARNING);
		collected(500);
		assertThat(this.watch.passNeeded()).isFalse();
		collected(520);
		assertThat(this.watch.passNeeded()).isTrue();
		this.watch.passEnded();
		collected(520);
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output.toString().split(WARNING, -1)).as("a warning per useless pass").hasSize(3);
	}

	@Test
	void aPassAskedForWhileOneRunsDoesNotRestartIt(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		collected(400); // the kernels rebooted so far freed memory
		assertThat(this.watch.passNeeded()).isFalse();
		collected(650); // and it rises again before the pass has ended
		assertThat(this.watch.passNeeded()).as("the pass under way goes on").isFalse();
		assertThat(this.watch.passNeeded()).isFalse();
		assertThat(output).containsOnlyOnce(PASS);
		this.watch.passEnded();
		assertThat(this.watch.passNeeded()).as("risen again since it fell below: the next pass").isTrue();
		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	void aPassThatEndsWhileUsageStaysBelowLeavesTheWatchArmed(CapturedOutput output) {
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		collected(100);
		assertThat(this.watch.passNeeded()).isFalse();
		this.watch.passEnded();
		collected(100);
		assertThat(this.watch.passNeeded()).isFalse();
		collected(600);
		assertThat(this.watch.passNeeded()).isTrue();
		assertThat(output).doesNotContain(WARNING);
	}

	/**
	 * A heap pool whose usage after collection the test sets.
	 */
	static final class FakePool implements MemoryPoolMXBean {

		private final String name;

		private volatile @Nullable MemoryUsage collectionUsage;

		FakePool(String name) {
			this.name = name;
		}

		void collected(long used) {
			this.collectionUsage = new MemoryUsage(0, used, used, -1);
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public MemoryType getType() {
			return MemoryType.HEAP;
		}

		@Override
		public MemoryUsage getUsage() {
			MemoryUsage usage = this.collectionUsage;
			return (usage != null) ? usage : new MemoryUsage(0, 0, 0, -1);
		}

		@Override
		public MemoryUsage getPeakUsage() {
			return getUsage();
		}

		@Override
		public void resetPeakUsage() {
		}

		@Override
		public boolean isValid() {
			return true;
		}

		@Override
		public String[] getMemoryManagerNames() {
			return new String[0];
		}

		@Override
		public long getUsageThreshold() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void setUsageThreshold(long threshold) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isUsageThresholdExceeded() {
			throw new UnsupportedOperationException();
		}

		@Override
		public long getUsageThresholdCount() {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isUsageThresholdSupported() {
			return false;
		}

		@Override
		public long getCollectionUsageThreshold() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void setCollectionUsageThreshold(long threshold) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isCollectionUsageThresholdExceeded() {
			throw new UnsupportedOperationException();
		}

		@Override
		public long getCollectionUsageThresholdCount() {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isCollectionUsageThresholdSupported() {
			return false;
		}

		@Override
		public @Nullable MemoryUsage getCollectionUsage() {
			return this.collectionUsage;
		}

		@Override
		public ObjectName getObjectName() {
			throw new UnsupportedOperationException();
		}

	}

	/**
	 * A garbage collector whose collection count the test sets.
	 */
	static final class FakeCollector implements GarbageCollectorMXBean {

		private final String name;

		volatile long collections;

		FakeCollector(String name) {
			this.name = name;
		}

		@Override
		public long getCollectionCount() {
			return this.collections;
		}

		@Override
		public long getCollectionTime() {
			return 0;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public boolean isValid() {
			return true;
		}

		@Override
		public String[] getMemoryPoolNames() {
			return new String[0];
		}

		@Override
		public ObjectName getObjectName() {
			throw new UnsupportedOperationException();
		}

	}

}
