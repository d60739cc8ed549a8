package dev.workerstarter.devtools;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import dev.workerstarter.devtools.LiveThreads.LiveThread;
import dev.workerstarter.kernel.internal.WorkerContextAccessor;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.kernel.internal.WorkerContextPropagation;
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Spring Boot DevTools does on every restart, done over and over: the application's
 * own classes loaded by a new restart class loader on a new main thread, every kind of
 * work the starter runs driven with real traffic, then the context closed. Each restart's
 * worker-scoped beans are new ones. After each close no thread of the starter is left,
 * and after the last one neither the contexts nor their class loaders are kept, and the
 * starter's global state is as it was.
 */
class RepeatedRestartTests {

	private static final int RESTARTS = 10;

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String APPLICATION = "dev.workerstarter.devtools.app.RestartedApplication";

	private static final String LOGBACK_METRICS = "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Set<String> scratches = new HashSet<>();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void restartsLeaveNoThreadOfTheStarterAndKeepNeitherTheContextNorItsClassLoader() throws Exception {
		int hookUsers = hookUsers();
		long accessors = workerContextAccessors();
		startReactorSchedulersHere();
		List<WeakReference<Object>> closed = new ArrayList<>();
		for (int restart = 0; restart < RESTARTS; restart++) {
			closed.addAll(runAndClose(restart));
		}
		// What is made once per JVM keeps the first application's class loader (Boot's
		// shutdown hook thread, as its context class loader, and Boot's logging shutdown
		// handler), and Boot's Logback system keeps the last one's environment until the
		// next application starts: every restart between them must be gone.
		List<WeakReference<Object>> between = closed.subList(2, closed.size() - 2);
		await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			clearSoftReferences();
			System.gc();
			assertThat(between.stream().filter((reference) -> reference.get() != null).map(Reference::get))
				.as("closed contexts and class loaders still reachable")
				.isEmpty();
		});
		assertThat(hookUsers()).as("users of the starter's Reactor schedule hook").isEqualTo(hookUsers);
		if (hookUsers == 0) {
			assertThat(scheduleHookKeys()).as("Reactor's schedule hooks")
				.doesNotContain(WorkerContextPropagation.class.getName());
		}
		assertThat(workerContextAccessors()).as("context-propagation accessors of the starter").isEqualTo(accessors);
		assertThat(WorkerContextHolder.get()).isNull();
	}

	private List<WeakReference<Object>> runAndClose(int restart) throws Exception {
		Set<Long> before = starterThreads().stream().map(LiveThread::id).collect(Collectors.toSet());
		RestartClassLoader loader = new RestartClassLoader(testClasses(), "dev.workerstarter.devtools.app",
				getClass().getClassLoader());
		ConfigurableApplicationContext context = startOnNewMainThread(loader);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		driveTraffic(port, restart);
		Set<String> running = starterThreads().stream()
			.filter((thread) -> !before.contains(thread.id()))
			.map(LiveThread::name)
			.collect(Collectors.toSet());
		assertThat(running).as("threads of the starter while the application runs")
			.anyMatch((name) -> name.matches("worker-\\d+-kernel-\\d+"))
			.anyMatch((name) -> name.matches("worker-slow-\\d+-kernel-\\d+"))
			.anyMatch((name) -> name.matches("worker-processes-\\d+-kernel-\\d+"))
			.anyMatch((name) -> name.startsWith("worker-supervisor"))
			.anyMatch((name) -> name.startsWith("worker-slow-supervisor"));
		List<WeakReference<Object>> references = List.of(new WeakReference<>(context), new WeakReference<>(loader));
		context.close();
		await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			List<LiveThread> left = starterThreads().stream()
				.filter((thread) -> !before.contains(thread.id()))
				.toList();
			assertThat(left)
				.withFailMessage(
						() -> "Threads of the starter still alive after restart " + restart + " closed its context:\n"
								+ left.stream().map(LiveThread::toString).collect(Collectors.joining("\n")))
				.isEmpty();
		});
		return references;
	}

	// As DevTools' Restarter: a new main thread whose context class loader is the restart
	// class loader runs the application's main class, loaded through it.
	private static ConfigurableApplicationContext startOnNewMainThread(ClassLoader loader) throws Exception {
		CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
		Thread main = new Thread(() -> {
			try {
				Class<?> application = loader.loadClass(APPLICATION);
				started.complete(
						new SpringApplicationBuilder(application).resourceLoader(new DefaultResourceLoader(loader))
							.web(WebApplicationType.REACTIVE)
							.properties("spring.reactor.netty.shutdown-quiet-period=0s", "server.port=0",
									"spring.reactor.context-propagation=auto", "worker.pool.size=2",
									"worker.pool.destroy-timeout=5s", "worker.supervisor.idle-ttl=1h",
									"worker.pools.slow.size=1", "worker.pools.slow.paths=/slow/**",
									"worker.pools.slow.supervisor.exec-ttl=10s", "worker.websocket.path=/ws",
									"worker.jobs.pipelines.restarts.driver=memory",
									// Micrometer's LogbackMetrics.close() leaves its
									// listener on
									// Logback's
									// context, which keeps every closed context's meter
									// registry.
									"spring.autoconfigure.exclude=" + LOGBACK_METRICS)
							.run());
			}
			catch (Throwable ex) {
				started.completeExceptionally(ex);
			}
		}, "restartedMain");
		main.setContextClassLoader(loader);
		main.start();
		return started.get();
	}

	private void driveTraffic(int port, int restart) throws Exception {
		Set<String> scratches = new HashSet<>();
		for (int i = 0; i < 3; i++) {
			scratches.add(scratch(get(port, "/hello"), "default"));
			scratches.add(scratch(get(port, "/slow/hello"), "slow"));
			scratches.add(scratch(get(port, "/task"), "default"));
		}
		assertThat(scratches).as("worker-scoped beans of restart %d, each new", restart)
			.isNotEmpty()
			.allSatisfy((scratch) -> assertThat(this.scratches.add(scratch)).isTrue());
		try (WsTestClient client = WsTestClient.connect(port, "/ws")) {
			client.send("ECHO", Integer.toString(restart));
			assertThat(client.nextJson().path("data").asInt()).isEqualTo(restart);
		}
		String payload = "job-" + restart;
		assertThat(send(port,
				HttpRequest.newBuilder(uri(port, "/job?payload=" + payload))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build()))
			.isNotBlank();
		await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			JsonNode activity = MAPPER.readTree(get(port, "/activity"));
			assertThat(activity.path("timerRuns").asInt()).isPositive();
			assertThat(activity.path("processLoops").asInt()).isPositive();
			assertThat(activity.path("jobs").asString()).isEqualTo(payload);
		});
	}

	// "<pool> <id of the worker-scoped bean>"
	private static String scratch(String answer, String pool) {
		assertThat(answer).startsWith(pool + " ");
		return answer.substring(pool.length() + 1);
	}

	private String get(int port, String path) throws Exception {
		return send(port, HttpRequest.newBuilder(uri(port, path)).build());
	}

	private String send(int port, HttpRequest request) throws Exception {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(request.uri().toString()).isEqualTo(200);
		return response.body();
	}

	private static URI uri(int port, String path) {
		return URI.create("http://localhost:" + port + path);
	}

	// Reactor's shared schedulers make their threads when first used, and a thread keeps
	// the context class loader of the thread that made it: made here, not by the first
	// restart's threads, they keep no restart class loader.
	private static void startReactorSchedulersHere() throws Exception {
		int threads = Schedulers.DEFAULT_POOL_SIZE * 2;
		Flux.range(0, threads)
			.flatMap((i) -> Mono.fromCallable(() -> i).subscribeOn(Schedulers.parallel()))
			.blockLast(DEADLINE);
		Mono.fromCallable(() -> 0).subscribeOn(Schedulers.boundedElastic()).block(DEADLINE);
		Mono.fromCallable(() -> 0).subscribeOn(Schedulers.single()).block(DEADLINE);
		io.prometheus.metrics.core.util.Scheduler.schedule(() -> {
		}, 0, java.util.concurrent.TimeUnit.MILLISECONDS).get();
	}

	private static List<LiveThread> starterThreads() {
		return LiveThreads.named((name) -> name.startsWith("worker-"));
	}

	private static URL testClasses() {
		return RepeatedRestartTests.class.getProtectionDomain().getCodeSource().getLocation();
	}

	// Spring keeps classes in soft-reference caches, which hold a class loader until
	// memory
	// runs short: an allocation larger than the heap makes the JVM clear every soft
	// reference before it gives up, as DevTools' forceReferenceCleanup does, without
	// filling the heap.
	@SuppressWarnings("unused")
	private static void clearSoftReferences() {
		try {
			long[] larger = new long[(int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 8 + 1)];
		}
		catch (OutOfMemoryError expected) {
			// the soft references are cleared
		}
	}

	private static long workerContextAccessors() {
		return ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter(WorkerContextAccessor.class::isInstance)
			.count();
	}

	private static Set<Object> scheduleHookKeys() throws ReflectiveOperationException {
		Field hooks = Schedulers.class.getDeclaredField("onScheduleHooks");
		hooks.setAccessible(true);
		synchronized (Schedulers.class) {
			return Set.copyOf(((Map<Object, ?>) hooks.get(null)).keySet());
		}
	}

	private static int hookUsers() throws ReflectiveOperationException {
		Field installations = WorkerContextPropagation.class.getDeclaredField("installations");
		installations.setAccessible(true);
		return installations.getInt(null);
	}

}
