package dev.workerstarter.reboot.internal;

import org.springframework.util.unit.DataSize;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * Heap usage after garbage collection above which the {@code memory} strategy reboots the
 * kernels: a fraction of the maximum heap, or a size.
 */
public final class MemoryThreshold {

	private final double fraction;

	private final long bytes;

	private MemoryThreshold(double fraction, long bytes) {
		this.fraction = fraction;
		this.bytes = bytes;
	}

	/**
	 * A threshold relative to the maximum heap.
	 * @param fraction of the maximum heap, in (0, 1]
	 * @return the threshold
	 */
	public static MemoryThreshold ofFraction(double fraction) {
		if (!(fraction > 0 && fraction <= 1)) {
			throw new IllegalArgumentException("A fraction of the heap must be in (0, 1], not " + fraction);
		}
		return new MemoryThreshold(fraction, -1);
	}

	/**
	 * A threshold of a fixed size.
	 * @param size the heap usage
	 * @return the threshold
	 */
	public static MemoryThreshold ofSize(DataSize size) {
		if (size.toBytes() <= 0) {
			throw new IllegalArgumentException("A heap size must be positive, not " + size);
		}
		return new MemoryThreshold(-1, size.toBytes());
	}

	/**
	 * Reads a configured threshold: a fraction of the maximum heap such as {@code 0.8},
	 * or a size with its unit such as {@code 512MB}.
	 * @param property the full name of the property, for example
	 * {@code worker.kernel-reboot.memory-threshold}
	 * @param value its value
	 * @return the threshold
	 * @throws InvalidWorkerPropertyException if the value is neither
	 */
	public static MemoryThreshold parse(String property, String value) {
		String fix = "Set " + property + " to a fraction of the maximum heap such as 0.8, or to a size with its unit "
				+ "such as 512MB.";
		String trimmed = value.trim();
		try {
			if (trimmed.matches("[0-9]*\\.?[0-9]+")) {
				double number = Double.parseDouble(trimmed);
				if (number > 1) {
					throw new InvalidWorkerPropertyException(property, value,
							"a number above 1 is neither a fraction nor a size with a unit", fix);
				}
				return ofFraction(number);
			}
			return ofSize(DataSize.parse(trimmed));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWorkerPropertyException(property, value, String.valueOf(ex.getMessage()), fix);
		}
	}

	/**
	 * Returns the threshold in bytes.
	 * @param maxHeap the maximum heap, in bytes
	 * @return the usage above which kernels are rebooted
	 */
	public long bytes(long maxHeap) {
		return (this.bytes > 0) ? this.bytes : (long) (this.fraction * maxHeap);
	}

	@Override
	public String toString() {
		return (this.bytes > 0) ? size(this.bytes) : this.fraction + " of the maximum heap";
	}

	// In the largest unit that divides it, as a user would write it.
	private static String size(long bytes) {
		String[] units = { "B", "KB", "MB", "GB", "TB" };
		int unit = 0;
		long value = bytes;
		while (unit < units.length - 1 && value % 1024 == 0) {
			value /= 1024;
			unit++;
		}
		return value + units[unit];
	}

}
