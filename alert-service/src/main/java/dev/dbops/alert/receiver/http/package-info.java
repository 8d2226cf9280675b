/** HTTP for the receivers: one POST with its outcome classified, Retry-After read, URLs shown without secrets. */
package dev.dbops.alert.receiver.http;
