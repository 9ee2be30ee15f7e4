/**
 * Real HTTP mock servers of third-party vendors, for tests and the server's {@code --sandbox} run
 * mode. Each server is a JDK {@code com.sun.net.httpserver.HttpServer} bound to the loopback
 * interface; it reproduces the wire format of one vendor endpoint (status codes, JSON shapes,
 * headers) closely enough for a production client to talk to it unchanged, and adds a {@link
 * fm.seda.sandbox.VendorKnobs} control surface for latency and failure injection.
 *
 * <p>Embedding vendors: {@link fm.seda.sandbox.MockOpenAiServer} ({@code POST /v1/embeddings}) and
 * {@link fm.seda.sandbox.MockCohereServer} ({@code POST /v2/embed}); {@link
 * fm.seda.sandbox.SandboxVendors} starts both.
 */
@NullMarked
package fm.seda.sandbox;

import org.jspecify.annotations.NullMarked;
