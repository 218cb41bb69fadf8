package dev.ferry.bridge.bench;

/** The bench tools' command lines: {@code --name value} pairs, a default for each name left out. */
public final class BenchArgs {

    private BenchArgs() {
    }

    public static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
