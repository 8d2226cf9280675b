/** E-mail over SMTP with Spring Mail: severity and target in the subject, text and HTML bodies. */
package dev.dbops.alert.receiver.email;
