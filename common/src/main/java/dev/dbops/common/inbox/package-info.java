/** Idempotent consumers: processed ce_ids recorded in the transaction of the effect. */
package dev.dbops.common.inbox;
