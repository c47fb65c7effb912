package ro.clickphone.privacy.notify.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny SMTP server on the loopback address that answers as a test scripts it: what GreenMail
 * cannot do — refuse a recipient with 550, refuse a message, never greet, offer STARTTLS with a
 * given certificate (or be a machine in the middle that strips the offer). It records the messages
 * it accepted and whether they came over TLS.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** One accepted message. */
    record Received(String mailFrom, List<String> recipients, byte[] data, boolean overTls) {
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-smtp");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();

    private volatile boolean greet = true;
    private volatile SSLContext tls;
    private volatile String mailReply = "250 2.1.0 OK";
    private volatile String rcptReply = "250 2.1.5 OK";
    private volatile String dataReply = "250 2.0.0 OK queued as 4711";

    ScriptedSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    /** A port nothing listens on: bound once, then closed. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Accept connections but never say a word: the client's read time-out must end the wait. */
    ScriptedSmtpServer silent() {
        greet = false;
        return this;
    }

    /** Offer STARTTLS, with the key and certificate of this test key store. */
    ScriptedSmtpServer startTls(String keyStoreResource) {
        tls = serverContext(keyStoreResource);
        return this;
    }

    ScriptedSmtpServer mailReply(String reply) {
        mailReply = reply;
        return this;
    }

    ScriptedSmtpServer rcptReply(String reply) {
        rcptReply = reply;
        return this;
    }

    ScriptedSmtpServer dataReply(String reply) {
        dataReply = reply;
        return this;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                pool.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (Socket closing = plain) {
            plain.setSoTimeout(15_000);
            if (!greet) {
                // hold the connection open, silent, until the client gives up
                while (plain.getInputStream().read() >= 0) {
                    // discard
                }
                return;
            }
            Connection c = new Connection(plain);
            c.reply("220 scripted ESMTP");
            String from = null;
            List<String> recipients = new ArrayList<>();
            for (String line; (line = c.readLine()) != null; ) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                commands.add(verb);
                switch (verb) {
                    case "EHLO" -> {
                        if (tls != null && !c.overTls) {
                            c.reply("250-scripted\r\n250-STARTTLS\r\n250 AUTH PLAIN");
                        } else {
                            c.reply("250-scripted\r\n250 AUTH PLAIN");
                        }
                    }
                    case "HELO" -> c.reply("250 scripted");
                    case "STAR" -> {
                        if (tls == null || c.overTls) {
                            c.reply("454 4.7.0 TLS not available");
                        } else {
                            c.reply("220 2.0.0 Ready to start TLS");
                            c.upgrade(tls, port());
                        }
                    }
                    case "MAIL" -> {
                        from = line;
                        c.reply(mailReply);
                    }
                    case "RCPT" -> {
                        recipients.add(line);
                        c.reply(rcptReply);
                    }
                    case "DATA" -> {
                        c.reply("354 End data with <CR><LF>.<CR><LF>");
                        byte[] data = c.readData();
                        if (dataReply.startsWith("2")) {
                            received.add(new Received(from, List.copyOf(recipients), data, c.overTls));
                        }
                        c.reply(dataReply);
                    }
                    case "AUTH" -> c.reply("235 2.7.0 Authentication successful");
                    case "RSET" -> {
                        from = null;
                        recipients.clear();
                        c.reply("250 2.0.0 OK");
                    }
                    case "NOOP" -> c.reply("250 2.0.0 OK");
                    case "QUIT" -> {
                        c.reply("221 2.0.0 Bye");
                        return;
                    }
                    default -> c.reply("500 5.5.2 Unknown command");
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or refused our certificate: that is for the test to see
        }
    }

    private static SSLContext serverContext(String resource) {
        char[] password = "test-only".toCharArray();
        try (InputStream in = ScriptedSmtpServer.class.getResourceAsStream(resource)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Line-oriented reading and writing on a socket that STARTTLS may replace. */
    private static final class Connection {

        private Socket socket;
        private InputStream in;
        private OutputStream out;
        boolean overTls;

        Connection(Socket socket) throws IOException {
            use(socket);
        }

        private void use(Socket s) throws IOException {
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void upgrade(SSLContext context, int port) throws IOException {
            SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(socket,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port).getHostString(), port, true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            use(secure);
            overTls = true;
        }

        void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return null;
        }

        /** The message up to the line with a single dot, dot-stuffing undone, lines ending in CRLF. */
        byte[] readData() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (String line; (line = readLine()) != null; ) {
                if (line.equals(".")) {
                    break;
                }
                String unstuffed = line.startsWith(".") ? line.substring(1) : line;
                data.write(unstuffed.getBytes(StandardCharsets.ISO_8859_1));
                data.write('\r');
                data.write('\n');
            }
            return data.toByteArray();
        }
    }
}
