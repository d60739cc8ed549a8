package dev.workerstarter.devtools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The live threads of this JVM, virtual ones included: {@link Thread#getAllStackTraces()}
 * lists platform threads only, so on Java 21 and later the threads come from the JVM's
 * thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}), which lists both.
 */
final class LiveThreads {

	private static final Pattern HEADER = Pattern.compile("^#(\\d+) \"(.*)\"");

	private LiveThreads() {
	}

	/**
	 * Returns the live threads whose names match.
	 * @param names which names to keep
	 * @return the threads, with their stacks
	 */
	static List<LiveThread> named(Predicate<String> names) {
		List<LiveThread> all = (dumpThreads() != null) ? fromDump() : fromPlatformThreads();
		return all.stream().filter((thread) -> names.test(thread.name())).toList();
	}

	private static List<LiveThread> fromPlatformThreads() {
		List<LiveThread> threads = new ArrayList<>();
		for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
			threads.add(new LiveThread(entry.getKey().getId(), entry.getKey().getName(),
					Arrays.stream(entry.getValue()).map(String::valueOf).collect(Collectors.joining("\n\t"))));
		}
		return threads;
	}

	private static List<LiveThread> fromDump() {
		try {
			Path dir = Files.createTempDirectory("threads");
			Path file = dir.resolve("dump.txt");
			try {
				Method dump = dumpThreads();
				Class<?> format = dump.getParameterTypes()[1];
				dump.invoke(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class), file.toString(),
						format.getField("TEXT_PLAIN").get(null));
				return parse(Files.readAllLines(file));
			}
			finally {
				Files.deleteIfExists(file);
				Files.delete(dir);
			}
		}
		catch (IOException | ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not dump the threads", ex);
		}
	}

	private static List<LiveThread> parse(List<String> lines) {
		List<LiveThread> threads = new ArrayList<>();
		Matcher current = null;
		StringBuilder stack = new StringBuilder();
		for (String line : lines) {
			Matcher header = HEADER.matcher(line);
			if (header.find()) {
				if (current != null) {
					threads.add(new LiveThread(Long.parseLong(current.group(1)), current.group(2), stack.toString()));
				}
				current = header;
				stack.setLength(0);
			}
			else if (current != null && !line.isBlank()) {
				stack.append("\n\t").append(line.strip());
			}
		}
		if (current != null) {
			threads.add(new LiveThread(Long.parseLong(current.group(1)), current.group(2), stack.toString()));
		}
		return threads;
	}

	// HotSpotDiagnosticMXBean.dumpThreads(String, ThreadDumpFormat): Java 21 and later.
	private static Method dumpThreads() {
		for (Method method : HotSpotDiagnosticMXBean.class.getMethods()) {
			if (method.getName().equals("dumpThreads") && method.getParameterCount() == 2) {
				return method;
			}
		}
		return null;
	}

	/**
	 * A live thread.
	 *
	 * @param id its id
	 * @param name its name
	 * @param stack its stack, one frame a line
	 */
	record LiveThread(long id, String name, String stack) {

		@Override
		public String toString() {
			return "\"" + this.name + "\" #" + this.id + this.stack;
		}

	}

}
