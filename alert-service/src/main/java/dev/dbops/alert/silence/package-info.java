/** Silences: operators mute alerts by label matchers for a while; REST to create, list and expire them. */
package dev.dbops.alert.silence;
