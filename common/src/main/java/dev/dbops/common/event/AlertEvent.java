package dev.dbops.common.event;

/** Facts about notifications the alert-service delivered or gave up on. */
public sealed interface AlertEvent extends DbopsEvent permits AlertNotified, AlertDeliveryFailed {
}
