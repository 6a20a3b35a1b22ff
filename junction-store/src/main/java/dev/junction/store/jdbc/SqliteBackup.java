package dev.junction.store.jdbc;

import dev.junction.store.StoreStats;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A consistent copy of a live SQLite store in one file, published atomically (see ADR 0011).
 *
 * <p>The source is opened read-only and copied with {@code VACUUM INTO} inside one read transaction:
 * in WAL mode that never blocks the gateway's writer, and it sees every committed transaction,
 * including those still in the WAL. The copy is written to a hidden temporary file beside the
 * target, counted, fsynced, then linked to the target name and the directory fsynced, so the target
 * either does not exist or is a complete, durable copy.
 */
public final class SqliteBackup {

    /** What was copied: the target, its size, its counts, and how long it took. */
    public record Copy(Path path, long bytes, StoreStats contents, Duration took) {}

    /** Why a backup did not happen, in one line a user can act on; nothing was left at the target. */
    public static final class BackupException extends RuntimeException {
        BackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Puts the finished temporary file at the target name; a seam so tests can fail it. */
    interface Publisher {
        void publish(Path temporary, Path target) throws IOException;
    }

    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final Clock clock;
    private final Publisher publisher;

    public SqliteBackup(Clock clock) {
        this(clock, SqliteBackup::linkWithoutReplacing);
    }

    SqliteBackup(Clock clock, Publisher publisher) {
        this.clock = clock;
        this.publisher = publisher;
    }

    /** Copies the store at {@code source} to {@code target}, which must not exist yet and whose directory must. */
    public Copy copy(Path source, Path target) {
        Instant start = clock.instant();
        Path to = target.toAbsolutePath();
        Path dir = to.getParent();
        if (!Files.isRegularFile(source)) throw failure("no SQLite store at " + source + ": nothing to back up", null);
        if (!Files.isDirectory(dir)) throw failure("the target directory " + dir + " does not exist: create it first", null);
        if (Files.isDirectory(to)) {
            throw failure(to + " is a directory: give the copy's file name, e.g. " + to.resolve("junction-backup.db"), null);
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) throw exists(to, null);

        Path temporary;
        try {
            // Owner-only (0600 on POSIX): the copy holds every webhook body the store holds.
            temporary = Files.createTempFile(dir, "." + to.getFileName() + ".", ".partial");
        } catch (IOException e) {
            throw failure("cannot write in " + dir + ": " + reason(e), e);
        }
        // Ctrl-C or SIGTERM (a cron job's timeout) mid-copy: the partial file, gigabytes for a large store, goes with the process.
        Thread cleanUp = new Thread(() -> removeQuietly(temporary), "backup-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            vacuumInto(source, temporary);
            StoreStats contents = count(temporary);
            long bytes = Files.size(temporary);
            try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                file.force(true);
            }
            publisher.publish(temporary, to);
            Files.deleteIfExists(temporary);
            // The new name is durable only once the directory entry is on disk too.
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
            return new Copy(to, bytes, contents, Duration.between(start, clock.instant()));
        } catch (SQLException e) {
            removeQuietly(temporary);
            throw failure(sqliteMessage(e, source, dir), e);
        } catch (FileAlreadyExistsException e) {
            removeQuietly(temporary);
            throw exists(to, e);
        } catch (IOException e) {
            removeQuietly(temporary);
            throw failure("writing the copy in " + dir + " failed: " + reason(e), e);
        } catch (RuntimeException e) {
            removeQuietly(temporary);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it removes what is left
            }
        }
    }

    /**
     * One read transaction over the source; a read-only connection, so it can neither take the write
     * lock nor checkpoint the gateway's WAL when it closes.
     */
    private static void vacuumInto(Path source, Path temporary) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        try (Connection c = config.createConnection("jdbc:sqlite:" + source);
             PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, temporary.toString());
            vacuum.execute();
        }
    }

    /** Counts what the copy holds (not the source, which has moved on since). */
    private static StoreStats count(Path copy) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + copy)) {
            return StoreCounts.read(c);
        }
    }

    /**
     * A hard link fails if the target appeared meanwhile, where a rename would silently replace it;
     * file systems without hard links fall back to an atomic rename.
     */
    private static void linkWithoutReplacing(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString());
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void removeQuietly(Path temporary) {
        // A failed VACUUM INTO can leave its rollback journal beside the partial file.
        for (Path p : new Path[] {temporary, Path.of(temporary + "-journal")}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Best effort: a hidden .partial file is harmless, and the error that matters is already being reported.
            }
        }
    }

    private static String sqliteMessage(SQLException e, Path source, Path dir) {
        SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
        if (code == SQLiteErrorCode.SQLITE_FULL) {
            return "the disk holding " + dir + " is full: free space (the copy needs up to " + size(source) + ") and run again";
        }
        if (code == SQLiteErrorCode.SQLITE_IOERR_WRITE || code == SQLiteErrorCode.SQLITE_IOERR_FSYNC) {
            return "writing the copy in " + dir + " failed with a disk I/O error (a full disk or a file size limit?)";
        }
        if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
            return source + " is not a readable SQLite store: " + e.getMessage();
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY) {
            return "the store " + source + " stayed locked for " + BUSY_TIMEOUT.toSeconds() + " s; run again";
        }
        return "copying " + source + " failed: " + e.getMessage();
    }

    /** The source and its WAL: an upper bound for the compacted copy. */
    private static String size(Path source) {
        long bytes = 0;
        for (Path p : new Path[] {source, Path.of(source + "-wal")}) {
            try {
                bytes += Files.size(p);
            } catch (IOException ignored) {
                // no WAL: the main file is all there is
            }
        }
        return "%.1f MiB".formatted(bytes / (1024.0 * 1024));
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "it no longer exists";
        return e.getMessage() != null && e.getMessage().contains("No space left")
                ? "the disk is full" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static BackupException exists(Path target, Throwable cause) {
        return failure(target + " exists: a backup never overwrites a file; choose a new name or remove it first", cause);
    }

    private static BackupException failure(String message, Throwable cause) {
        return new BackupException(message, cause);
    }
}
