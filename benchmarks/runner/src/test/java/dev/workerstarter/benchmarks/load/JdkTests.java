package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding the JDK with virtual threads from its {@code release} file.
 */
class JdkTests {

	@TempDir
	Path dir;

	@Test
	void readsTheImplementorVersionAndTheFeatureRelease() {
		Jdk jdk = Jdk.parse(this.dir, List.of("IMPLEMENTOR=\"Eclipse Adoptium\"",
				"IMPLEMENTOR_VERSION=\"Temurin-25.0.3+9\"", "JAVA_VERSION=\"25.0.3\""));
		assertThat(jdk).isEqualTo(new Jdk(this.dir, "Temurin-25.0.3+9", 25));
	}

	@Test
	void fallsBackToTheImplementorAndTheVersion() {
		Jdk jdk = Jdk.parse(this.dir, List.of("IMPLEMENTOR=\"N/A\"", "JAVA_VERSION=\"21\""));
		assertThat(jdk).isEqualTo(new Jdk(this.dir, "N/A 21", 21));
	}

	@Test
	void aReleaseFileWithoutVersionIsNoJdk() {
		assertThat(Jdk.parse(this.dir, List.of("IMPLEMENTOR=\"N/A\""))).isNull();
	}

	@Test
	void takesTheJdkTheEnvironmentNames() throws IOException {
		Path home = fakeJdk("jdk-25", "25.0.1");
		Jdk jdk = Jdk.forVirtualThreads(Map.of(Jdk.VIRTUAL_THREADS_HOME, home.toString()));
		assertThat(jdk).isNotNull();
		assertThat(jdk.feature()).isEqualTo(25);
		assertThat(jdk.java()).isEqualTo(home.resolve("bin/java"));
	}

	@Test
	void aJdkWithoutVirtualThreadsDoesNotCount() throws IOException {
		Path home = fakeJdk("jdk-17", "17.0.15");
		assertThat(Jdk.forVirtualThreads(Map.of(Jdk.VIRTUAL_THREADS_HOME, home.toString()))).isNull();
	}

	@Test
	void aDirectoryWithoutJavaIsNoJdk() throws IOException {
		Path home = Files.createDirectories(this.dir.resolve("not-a-jdk"));
		Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25\"\n");
		assertThat(Jdk.forVirtualThreads(Map.of(Jdk.VIRTUAL_THREADS_HOME, home.toString()))).isNull();
	}

	private Path fakeJdk(String name, String version) throws IOException {
		Path home = Files.createDirectories(this.dir.resolve(name));
		Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
		Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
		Files.writeString(java, "#!/bin/sh\n");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		return home;
	}

}
