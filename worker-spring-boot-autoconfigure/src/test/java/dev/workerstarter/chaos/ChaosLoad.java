package dev.workerstarter.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpHeaders;

/**
 * Real HTTP clients of the chaos run: a bounded number of them at once, on keep-alive
 * connections, each sending its next request when the previous one ended. Every request
 * ends one way: answered (any status), cancelled by its own client (only the kinds whose
 * client goes away, and only when that client's own deadline passed), or lost (no answer
 * in {@link #LOST_AFTER}, or a connection error).
 */
final class ChaosLoad implements AutoCloseable {

	/** When the client of a request that goes away cancels it. */
	static final Duration CANCEL_AFTER = Duration.ofMillis(40);

	/**
	 * After how long a request without an answer is lost: far more than the longest wait
	 * an answer may take (allocate-timeout, then exec-ttl and a watch tick).
	 */
	static final Duration LOST_AFTER = Duration.ofSeconds(10);

	/**
	 * After how long without a single 2xx answer the load stops: a healthy pool answers
	 * many requests a second, hangs included, so the run has found a stalled pool.
	 */
	static final Duration STALL = Duration.ofSeconds(10);

	private static final Pattern STACK_TRACE = Pattern
		.compile("at dev\\.|Exception:\\s*\\n\\s*at |\\tat [a-zA-Z]|java\\.lang\\.|\\.java:\\d+\\)");

	private static final String CLEAN_PROBE = ";context=false;mdc=[];binding=false";

	private final long seed;

	private final ConnectionProvider connections;

	private final HttpClient get;

	private final HttpClient post;

	ChaosLoad(int port, long seed, int connections) {
		this.seed = seed;
		this.connections = ConnectionProvider.builder("chaos")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.build();
		this.get = HttpClient.create(this.connections).baseUrl("http://localhost:" + port);
		this.post = this.get.headers((headers) -> headers.set(HttpHeaders.CONTENT_TYPE, "text/plain"));
	}

	/**
	 * Sends the requests of a plan, a bounded number at once; those not started within
	 * the budget are not sent.
	 * @param plan the kind of each request
	 * @param concurrency how many requests are in flight at once
	 * @param budget how long requests are started for
	 * @return how the requests ended
	 */
	Report run(ChaosKind[] plan, int concurrency, Duration budget) {
		return run(plan, 0, concurrency, budget);
	}

	/**
	 * Sends the requests of a plan, numbered from an offset.
	 * @param plan the kind of each request
	 * @param offset the index of the first request
	 * @param concurrency how many requests are in flight at once
	 * @param budget how long requests are started for
	 * @return how the requests ended
	 */
	Report run(ChaosKind[] plan, long offset, int concurrency, Duration budget) {
		Report report = new Report();
		long deadline = System.nanoTime() + budget.toNanos();
		Flux.range(0, plan.length)
			.flatMap((i) -> Mono.defer(() -> (System.nanoTime() - deadline > 0 || report.stalled())
					? Mono.just(Outcome.notSent(offset + i, plan[i])) : send(offset + i, plan[i])), concurrency)
			.doOnNext(report::record)
			.then()
			.block(budget.plus(LOST_AFTER).plusSeconds(15));
		return report;
	}

	private Mono<Outcome> send(long i, ChaosKind kind) {
		String uri = kind.path() + "?i=" + i;
		HttpClient.ResponseReceiver<?> request;
		int length = 0;
		if ("POST".equals(kind.method())) {
			String body = body(i);
			length = body.length();
			request = this.post.post().uri(uri).send(ByteBufFlux.fromString(Mono.just(body)));
		}
		else {
			request = this.get.get().uri(uri);
		}
		String expected = expectedBody(kind, i, length);
		Mono<Outcome> answer = request.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.map((body) -> Outcome.answered(i, kind, response.status().code(),
					response.responseHeaders().get(HttpHeaders.RETRY_AFTER), body, expected)));
		if (kind.disconnects()) {
			// the client goes away: take() cancels the exchange, which closes the
			// connection
			answer = answer.take(CANCEL_AFTER).switchIfEmpty(Mono.fromSupplier(() -> Outcome.cancelled(i, kind)));
		}
		return answer.timeout(LOST_AFTER, Mono.fromSupplier(() -> Outcome.timedOut(i, kind)))
			.onErrorResume((ex) -> Mono.just(Outcome.failed(i, kind, ex)));
	}

	private String body(long i) {
		SplittableRandom random = new SplittableRandom(this.seed * 1_000_003L + i);
		char[] chars = new char[1 + random.nextInt(6000)];
		for (int c = 0; c < chars.length; c++) {
			chars[c] = (char) ('a' + random.nextInt(26));
		}
		return new String(chars);
	}

	private static @Nullable String expectedBody(ChaosKind kind, long i, int length) {
		return switch (kind) {
			case REACTIVE -> "r" + i;
			case BLOCKING -> "b" + i;
			case POST_REACTIVE, POST_BLOCKING -> "e" + i + ":" + length;
			case FORCED_REBOOT -> "f" + i;
			case DISCONNECT_REACTIVE, DISCONNECT_BLOCKING -> "s" + i;
			case HANG_BLOCKING -> "x" + i;
			default -> null;
		};
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

	enum Ending {

		ANSWERED, CANCELLED_BY_CLIENT, TIMED_OUT, FAILED, NOT_SENT

	}

	record Outcome(long index, ChaosKind kind, Ending ending, int status, @Nullable String retryAfter, String body,
			@Nullable String expected, @Nullable Throwable error) {

		static Outcome answered(long i, ChaosKind kind, int status, @Nullable String retryAfter, String body,
				@Nullable String expected) {
			return new Outcome(i, kind, Ending.ANSWERED, status, retryAfter, body, expected, null);
		}

		static Outcome cancelled(long i, ChaosKind kind) {
			return new Outcome(i, kind, Ending.CANCELLED_BY_CLIENT, 0, null, "", null, null);
		}

		static Outcome timedOut(long i, ChaosKind kind) {
			return new Outcome(i, kind, Ending.TIMED_OUT, 0, null, "", null, null);
		}

		static Outcome failed(long i, ChaosKind kind, Throwable ex) {
			return new Outcome(i, kind, Ending.FAILED, 0, null, "", null, ex);
		}

		static Outcome notSent(long i, ChaosKind kind) {
			return new Outcome(i, kind, Ending.NOT_SENT, 0, null, "", null, null);
		}

		String describe() {
			return "#" + this.index + " " + this.kind + " " + this.kind.method() + " " + this.kind.path() + " -> "
					+ switch (this.ending) {
						case ANSWERED ->
							this.status + ((this.retryAfter != null) ? " Retry-After " + this.retryAfter : "") + " '"
									+ abbreviate(this.body) + "'";
						case FAILED -> "failed: " + this.error;
						default -> this.ending.toString();
					};
		}

		private static String abbreviate(String body) {
			String oneLine = body.replace("\n", "\\n").replace("\t", "\\t");
			return (oneLine.length() > 160) ? oneLine.substring(0, 160) + "..." : oneLine;
		}

	}

	/**
	 * How the requests of a run ended, by kind, with samples of every kind of problem.
	 */
	static final class Report {

		private static final int SAMPLES = 8;

		private final Map<ChaosKind, Map<String, LongAdder>> byKind = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();

		private final Map<String, Problem> problems = new ConcurrentHashMap<>();

		private final Set<String> probedThreads = ConcurrentHashMap.newKeySet();

		private final ConcurrentLinkedQueue<Long> lost = new ConcurrentLinkedQueue<>();

		private volatile long lastSuccess = System.nanoTime();

		private volatile boolean stalled;

		void record(Outcome outcome) {
			long now = System.nanoTime();
			if (outcome.ending() == Ending.ANSWERED && outcome.status() / 100 == 2) {
				this.lastSuccess = now;
			}
			else if (outcome.ending() != Ending.NOT_SENT && now - this.lastSuccess > STALL.toNanos()) {
				this.stalled = true;
			}
			String key = (outcome.ending() == Ending.ANSWERED) ? Integer.toString(outcome.status())
					: outcome.ending().toString();
			count(this.byKind.computeIfAbsent(outcome.kind(), (kind) -> new ConcurrentHashMap<>()), key);
			count(this.endings, outcome.ending().toString());
			switch (outcome.ending()) {
				case TIMED_OUT -> problem(
						"lost: no answer within " + LOST_AFTER.toSeconds() + "s, not cancelled by its client", outcome);
				case FAILED -> problem("lost: connection error, no answer", outcome);
				case ANSWERED -> checkAnswer(outcome);
				default -> {
				}
			}
		}

		private void checkAnswer(Outcome outcome) {
			// The pool's rejections (empty body) carry Retry-After; an exec-ttl answer
			// (an error
			// body) is that request's own time-out, not overload, and need not.
			if (outcome.status() == 503 && outcome.retryAfter() == null && outcome.body().isEmpty()) {
				problem("503 rejection without Retry-After", outcome);
			}
			if (STACK_TRACE.matcher(outcome.body()).find()) {
				problem("body with a stack trace", outcome);
			}
			if (!outcome.kind().expects(outcome.status())) {
				problem("unexpected status for its kind", outcome);
			}
			if (outcome.kind() == ChaosKind.PROBE) {
				if (outcome.status() == 200) {
					this.probedThreads.add(outcome.body().replaceAll("^thread=([^;]*);.*$", "$1"));
					if (!outcome.body().endsWith(CLEAN_PROBE)) {
						problem("probe found a job bound on the event loop", outcome);
					}
				}
			}
			else if (outcome.status() == 200 && outcome.expected() != null
					&& !outcome.expected().equals(outcome.body())) {
				problem("200 with another request's body", outcome);
			}
		}

		private void problem(String name, Outcome outcome) {
			if (name.startsWith("lost")) {
				this.lost.add(outcome.index());
			}
			this.problems.computeIfAbsent(name, (key) -> new Problem()).add(outcome);
		}

		private static void count(Map<String, LongAdder> counts, String key) {
			counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
		}

		/**
		 * Returns whether no request has been answered 2xx for {@link #STALL}, so that
		 * the load stopped sending.
		 * @return whether the pool stalled
		 */
		boolean stalled() {
			return this.stalled;
		}

		long ended(Ending ending) {
			LongAdder count = this.endings.get(ending.toString());
			return (count != null) ? count.sum() : 0;
		}

		long total() {
			return this.endings.values().stream().mapToLong(LongAdder::sum).sum();
		}

		long problems(String name) {
			Problem problem = this.problems.get(name);
			return (problem != null) ? problem.count.sum() : 0;
		}

		long lost() {
			return this.problems.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith("lost"))
				.mapToLong((entry) -> entry.getValue().count.sum())
				.sum();
		}

		Set<String> probedThreads() {
			return Set.copyOf(this.probedThreads);
		}

		Map<String, Long> statuses(ChaosKind kind) {
			Map<String, Long> statuses = new TreeMap<>();
			this.byKind.getOrDefault(kind, Map.of()).forEach((key, count) -> statuses.put(key, count.sum()));
			return statuses;
		}

		long count(ChaosKind kind) {
			return statuses(kind).values().stream().mapToLong(Long::longValue).sum();
		}

		/**
		 * Describes every problem with its count and samples.
		 * @return one line per problem and sample, empty if there is none
		 */
		List<String> describeProblems(ChaosTrace trace) {
			List<String> lines = new ArrayList<>();
			new TreeMap<>(this.problems).forEach((name, problem) -> {
				lines.add(name + ": " + problem.count.sum());
				problem.samples.forEach((sample) -> lines.add("    " + sample.describe()
						+ ((sample.ending() == Ending.ANSWERED) ? "" : "; " + trace.of(sample.index()))));
			});
			return lines;
		}

		/**
		 * Returns the lost requests, by whether the server saw them.
		 * @param trace the server's side
		 * @return how many lost requests the server saw, and how many it never saw
		 */
		String lostBySide(ChaosTrace trace) {
			long seen = this.lost.stream().filter(trace::saw).count();
			return seen + " seen by the server, " + (this.lost.size() - seen) + " never seen by it";
		}

		private static final class Problem {

			final LongAdder count = new LongAdder();

			final ConcurrentLinkedQueue<Outcome> samples = new ConcurrentLinkedQueue<>();

			void add(Outcome outcome) {
				this.count.increment();
				if (this.count.sum() <= SAMPLES) {
					this.samples.add(outcome);
				}
			}

		}

	}

}
