package dev.taper.storage;

/**
 * One file of a stored directory.
 *
 * @param name its path inside the directory, with {@code /} between folders
 * @param size its length in bytes
 * @param sha256 the lower-case hex SHA-256 of its bytes
 */
public record StoredFile(String name, long size, String sha256) {}
