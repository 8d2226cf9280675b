/**
 * Encryption at rest: the key ring, the segmented AES-256-GCM file format, and sealing or opening a dump's files.
 */
@NullMarked
package dev.dbops.backup.encryption;

import org.jspecify.annotations.NullMarked;
