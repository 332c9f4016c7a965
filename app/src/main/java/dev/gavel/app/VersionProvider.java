package dev.gavel.app;

import picocli.CommandLine;

/** {@code gavel --version}: the version the jar was built as. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"gavel " + (version == null ? "(development build)" : version), "Java " + Runtime.version()
        };
    }
}
