/** Topics, the producer and consumer defaults, error handling and dead letters shared by every service. */
package dev.dbops.common.kafka;
