/** Configuration every dbops service shares, written once: {@link dev.dbops.common.config.ServiceDefaults}. */
package dev.dbops.common.config;
