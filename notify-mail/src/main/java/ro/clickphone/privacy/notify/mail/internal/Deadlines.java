package ro.clickphone.privacy.notify.mail.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * A limit on the whole of one send, whatever its individual reads and writes: Jakarta Mail's
 * time-outs bound each read and write, so a server that trickles its replies, or a large
 * attachment on a slow link, could hold a send for many of them. The channel opens its sockets
 * through {@link #socketFactory()}; while a send {@linkplain #start runs} on a thread, the sockets
 * that thread opens belong to it, and when its limit is reached they are closed from the timer's
 * thread, which ends every blocked read or write (TLS included: it runs on the closed socket).
 *
 * <p>One timer thread per channel, a daemon; {@link #close()} lets the running sends' limits fire
 * and refuses new sends.
 */
public final class Deadlines implements AutoCloseable {

    private static final AtomicInteger TIMERS = new AtomicInteger();

    private final Duration limit;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadLocal<Send> current = new ThreadLocal<>();
    private final SocketFactory sockets = new WatchedSockets();

    /**
     * Deadlines of one length.
     *
     * @param limit how long one send may run
     */
    public Deadlines(Duration limit) {
        this.limit = limit;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "privacy-notify-smtp-deadline-" + TIMERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * The factory the channel's sessions open their sockets with ({@code mail.smtp.socketFactory}).
     *
     * @return the factory
     */
    public SocketFactory socketFactory() {
        return sockets;
    }

    /**
     * Starts the limit of a send on this thread; close the returned send when it ends.
     *
     * @return the send
     * @throws IllegalStateException if the channel was closed
     */
    public Send start() {
        Send send = new Send();
        try {
            send.expiry = timer.schedule(send::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the channel is closed", e);
        }
        current.set(send);
        return send;
    }

    @Override
    public void close() {
        timer.shutdown(); // the limits already set still fire
    }

    /** One send's limit, and the sockets it opened. */
    public final class Send implements AutoCloseable {

        private final List<Socket> opened = new ArrayList<>();
        private ScheduledFuture<?> expiry;
        private boolean expired;

        private synchronized void register(Socket socket) {
            opened.add(socket);
            if (expired) {
                closeQuietly(socket);
            }
        }

        private synchronized void expire() {
            expired = true;
            opened.forEach(Deadlines::closeQuietly);
        }

        /**
         * Whether the limit was reached (and the send's sockets closed).
         *
         * @return {@code true} if it was
         */
        public synchronized boolean expired() {
            return expired;
        }

        /** Ends the send: its limit no longer fires, and its thread opens sockets of no send. */
        @Override
        public void close() {
            expiry.cancel(false);
            current.remove();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** Plain sockets, each registered with the send running on the thread that opens it. */
    private final class WatchedSockets extends SocketFactory {

        @Override
        public Socket createSocket() {
            Socket socket = new Socket();
            Send send = current.get();
            if (send != null) {
                send.register(socket);
            }
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localHost, localPort));
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localAddress, localPort));
            socket.connect(new InetSocketAddress(address, port));
            return socket;
        }

        private Socket connected(InetSocketAddress address) throws IOException {
            Socket socket = createSocket();
            socket.connect(address);
            return socket;
        }
    }
}
