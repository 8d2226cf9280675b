package dev.dbops.monitor.backups;

import org.springframework.data.jpa.repository.JpaRepository;

public interface LastBackups extends JpaRepository<LastBackup, String> {
}
