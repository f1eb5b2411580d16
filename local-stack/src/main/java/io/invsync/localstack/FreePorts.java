package io.invsync.localstack;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports nobody listens on right now, for a broker and services started next (tests, benchmark). */
public final class FreePorts {

    private FreePorts() {
    }

    /** {@code count} distinct free ports: all are held open together, so none is handed out twice. */
    public static int[] take(int count) throws IOException {
        int[] ports = new int[count];
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }
}
