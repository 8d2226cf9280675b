/**
 * The service's tables in schema {@code monitor}: breaches, slow statement windows, each target's newest backup,
 * and their JPA repositories.
 */
package dev.dbops.monitor.store;
