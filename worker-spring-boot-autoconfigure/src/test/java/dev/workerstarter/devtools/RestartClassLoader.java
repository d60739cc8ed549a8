package dev.workerstarter.devtools;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;

/**
 * What DevTools' {@code RestartClassLoader} does for a project's own classes, for the
 * classes of one package: loads them itself from the given location (parent last), so
 * that each restart has classes of its own, and leaves every other class, the starter's
 * included, to the application class loader, as DevTools leaves the jars.
 */
final class RestartClassLoader extends URLClassLoader {

	static {
		registerAsParallelCapable();
	}

	private final String packagePrefix;

	RestartClassLoader(URL location, String packageName, ClassLoader parent) {
		super(new URL[] { location }, parent);
		this.packagePrefix = packageName + ".";
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (!name.startsWith(this.packagePrefix)) {
			return super.loadClass(name, resolve);
		}
		synchronized (getClassLoadingLock(name)) {
			Class<?> loaded = findLoadedClass(name);
			if (loaded == null) {
				loaded = findClass(name);
			}
			if (resolve) {
				resolveClass(loaded);
			}
			return loaded;
		}
	}

	// As DevTools: resources from the parent only, so that none is found twice.
	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		return getParent().getResources(name);
	}

}
