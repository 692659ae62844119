package org.hubben.content;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * A TCP server on the loopback interface that reads the first TLS ClientHello it is sent,
 * records the server name (SNI) it names and closes the connection: enough to see what
 * name a TLS client asks for without a certificate.
 */
final class ClientHelloRecorder implements AutoCloseable {

	final CompletableFuture<String> serverName = new CompletableFuture<>();

	private final ServerSocket socket;

	ClientHelloRecorder() throws IOException {
		this.socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
		Thread thread = new Thread(this::accept, "client-hello-recorder");
		thread.setDaemon(true);
		thread.start();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	private void accept() {
		try (Socket connection = this.socket.accept()) {
			DataInputStream in = new DataInputStream(connection.getInputStream());
			in.skipNBytes(5); // record header
			in.skipNBytes(4); // handshake header
			in.skipNBytes(2 + 32); // version, random
			in.skipNBytes(in.readUnsignedByte()); // session id
			in.skipNBytes(in.readUnsignedShort()); // cipher suites
			in.skipNBytes(in.readUnsignedByte()); // compression methods
			int remaining = in.readUnsignedShort();
			while (remaining > 0) {
				int type = in.readUnsignedShort();
				int length = in.readUnsignedShort();
				remaining -= 4 + length;
				if (type == 0) {
					in.skipNBytes(2 + 1); // list length, name type
					byte[] name = new byte[in.readUnsignedShort()];
					in.readFully(name);
					this.serverName.complete(new String(name, java.nio.charset.StandardCharsets.US_ASCII));
					return;
				}
				in.skipNBytes(length);
			}
			this.serverName.complete(null);
		}
		catch (IOException ex) {
			this.serverName.completeExceptionally(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
