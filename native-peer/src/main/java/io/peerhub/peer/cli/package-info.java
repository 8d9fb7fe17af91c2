/**
 * The commands ({@code drop}, {@code send}, {@code chat}, {@code keep}, {@code export}): options,
 * exit codes and terminal output. Each runs on the main thread until its work ends or
 * SIGTERM/SIGINT.
 */
package io.peerhub.peer.cli;
