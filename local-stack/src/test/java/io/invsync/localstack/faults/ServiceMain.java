package io.invsync.localstack.faults;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The entry point of a service's own JVM: {@code ServiceMain <main class> <args…>}. It runs the service's main
 * method, and halts the JVM as soon as its standard input reaches its end, which happens when the test JVM that
 * holds the other end of the pipe is gone: a test run that dies leaves no service behind.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is ever sent: only the end of the stream matters
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(137);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
