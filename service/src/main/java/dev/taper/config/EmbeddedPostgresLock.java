package dev.taper.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code TAPER_HOME/embedded-postgres.lock}, held while this process runs the
 * embedded PostgreSQL on {@code TAPER_HOME/postgres}: a second process on the same home fails fast
 * instead of starting a second server on the same directory. The kernel drops the lock when its
 * holder dies, even by SIGKILL, so whoever holds it knows that any server still running on the
 * directory was left by a process that is gone.
 *
 * <p>The file stays after the lock is released; only the lock counts, never the file's presence. It
 * holds the holder's pid, for the message the next process shows.
 */
final class EmbeddedPostgresLock implements AutoCloseable {

  static final String FILE_NAME = "embedded-postgres.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private EmbeddedPostgresLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code home} without waiting.
   *
   * @throws TaperHomeInUseException when another process (or this one) holds it
   */
  static EmbeddedPostgresLock acquire(Path home) throws IOException {
    Files.createDirectories(home);
    Path file = home.resolve(FILE_NAME);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw new TaperHomeInUseException(home, holder(channel));
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      return new EmbeddedPostgresLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try (channel) {
      lock.release();
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // this JVM holds it already
      return null;
    }
  }

  /** What the holder wrote: its pid, or nothing if it has not written it yet. */
  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(32);
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
  }
}
