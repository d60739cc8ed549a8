package dev.workerstarter.kernel.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.test.util.RaceTestUtils;

import org.springframework.beans.factory.ObjectFactory;

import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kernel's instances found by their names' slots, as scoped proxies find them: always
 * the instance the kernel holds by name.
 */
class KernelSlotsTests {

	private static final String NAME = "kernelSlotsTests.bean";

	private final Kernel kernel = new Kernel("default", 1, 0, TestKernelThreads.configured());

	private final KernelJob job = this.kernel.startJob((finished) -> {
	});

	private final AtomicInteger created = new AtomicInteger();

	private final ObjectFactory<Object> factory = () -> "instance " + this.created.incrementAndGet();

	@AfterEach
	void destroy() {
		this.kernel.destroy();
	}

	@Test
	void aSlotGivesTheInstanceHeldByNameAndARemovalEmptiesIt() {
		int slot = BeanSlots.of(NAME);
		assertThat(BeanSlots.of(NAME)).isEqualTo(slot);
		assertThat(BeanSlots.find(NAME)).isEqualTo(slot);
		assertThat(BeanSlots.find("kernelSlotsTests.unknown")).isEqualTo(-1);
		Object first = this.kernel.instance(slot, NAME, this.factory, this.job);
		assertThat(this.kernel.instance(NAME, this.factory, this.job)).isSameAs(first);
		assertThat(this.kernel.instance(slot, NAME, this.factory, this.job)).isSameAs(first);
		assertThat(this.kernel.remove(NAME)).isSameAs(first);
		Object second = this.kernel.instance(slot, NAME, this.factory, this.job);
		assertThat(second).isNotEqualTo(first);
		assertThat(this.kernel.instance(NAME, this.factory, this.job)).isSameAs(second);
	}

	@Test
	void anInstanceCreatedByNameIsFoundByItsSlot() {
		Object byName = this.kernel.instance(NAME, this.factory, this.job);
		assertThat(this.kernel.instance(BeanSlots.of(NAME), NAME, this.factory, this.job)).isSameAs(byName);
		assertThat(this.created).hasValue(1);
	}

	// A stress check: whatever the interleaving of uses and removals, once they are done
	// the slot and the name give the same instance, and a removal still empties the
	// slot.
	@RepeatedTest(20)
	void removalsRacingWithUsesByTheSlotLeaveNoRemovedInstanceInItsSlot() {
		int slot = BeanSlots.of(NAME);
		RaceTestUtils.race(() -> {
			for (int i = 0; i < 2_000; i++) {
				this.kernel.instance(slot, NAME, this.factory, this.job);
			}
		}, () -> {
			for (int i = 0; i < 2_000; i++) {
				this.kernel.remove(NAME);
			}
		});
		Object bySlot = this.kernel.instance(slot, NAME, this.factory, this.job);
		assertThat(this.kernel.instance(NAME, this.factory, this.job)).isSameAs(bySlot);
		this.kernel.remove(NAME);
		assertThat(this.kernel.instance(slot, NAME, this.factory, this.job)).isNotSameAs(bySlot);
	}

}
