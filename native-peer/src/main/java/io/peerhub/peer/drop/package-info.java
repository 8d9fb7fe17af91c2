/**
 * The drop's folder on disk and its limits: staging in {@code .partial/<id>/} (record and
 * {@code .part} files), publishing verified files without ever overwriting, the quota and free
 * space. Only a transfer's writer thread changes its staging; the monitors make those changes
 * whole for readers on other threads.
 */
package io.peerhub.peer.drop;
