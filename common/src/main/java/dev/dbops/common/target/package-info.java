/** The target registry: databases dbops manages, validated at startup, secrets redacted. */
package dev.dbops.common.target;
