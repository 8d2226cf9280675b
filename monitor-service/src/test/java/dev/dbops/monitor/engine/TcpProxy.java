package dev.dbops.monitor.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A target that can be stopped and started like a server: a TCP proxy on a fixed loopback port in front of the
 * project's PostgreSQL, or, with no upstream, a black hole that accepts connections and never answers.
 */
final class TcpProxy implements AutoCloseable {

    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private int port;

    /** @param upstreamPort 0 for a black hole */
    TcpProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
    }

    synchronized int start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        port = socket.getLocalPort();
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return port;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                sockets.add(client);
                if (upstreamPort == 0) {
                    continue;   // hold it open, say nothing
                }
                Socket upstream = new Socket("127.0.0.1", upstreamPort);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream());
                pump(upstream.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                // closed while accepting or connecting: the proxy is stopping
            }
        }
    }

    private static void pump(InputStream in, OutputStream out) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops listening and cuts every open connection, as a stopped server would. */
    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
