/**
 * The REST conventions every service shares: the bearer-token guard, RFC 9457 problem details for every
 * error, and the OpenAPI document's error responses.
 */
package dev.dbops.common.web;
