package dev.dbops.monitor.store;

import org.springframework.data.jpa.repository.JpaRepository;

public interface LastBackups extends JpaRepository<LastBackup, String> {
}
