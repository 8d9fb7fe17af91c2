/**
 * What the Java modules' tests and benchmarks share, so that each helper exists once: a private
 * Redis ({@code RedisServer}), server nodes in processes of their own ({@code ServerProcess}), free
 * ports, a signaling client that speaks the JSON protocol ({@code TestClient}), random files and
 * their hashes ({@code TestFiles}). Used with test scope only. It depends on the protocol, never on
 * the server (whose tests use it): an in-process server is {@code
 * PeerhubServer.start(ServerConfig.loopback())}, in each module that has the server on its class path.
 *
 * <p>Threading: each helper is owned by one test thread; {@code TestClient} also receives on the
 * socket's listener thread, and says how the two meet.
 */
package io.peerhub.testkit;
