/**
 * The room's shared documents (the browser's docs/): Automerge sync with every peer over a
 * {@code peerhub-docs} channel, kept on disk. Every document operation runs on the one documents
 * thread: Automerge documents are not thread-safe, and channel threads never wait on one.
 */
package io.peerhub.peer.docs;
