/** Alerts, their labels and label matchers: the vocabulary routing, silences and inhibition share. */
package dev.dbops.alert.model;
