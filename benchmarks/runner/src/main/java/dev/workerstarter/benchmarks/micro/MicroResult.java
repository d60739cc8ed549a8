package dev.workerstarter.benchmarks.micro;

/**
 * The result of one micro benchmark.
 *
 * @param benchmark a short id, such as {@code pool.acquireRelease}
 * @param description what the benchmark measures, as a sentence
 * @param score the mean time per operation, or the operations per unit of time of a
 * throughput benchmark
 * @param error the half-width of the 99.9% confidence interval of the score
 * @param unit the unit of score and error, such as {@code ns/op} or {@code ops/s}
 */
public record MicroResult(String benchmark, String description, double score, double error, String unit) {
}
