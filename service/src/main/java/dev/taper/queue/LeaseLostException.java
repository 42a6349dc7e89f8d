package dev.taper.queue;

/** The job's lease was reclaimed or the job was finished by someone else. */
public class LeaseLostException extends RuntimeException {

  public LeaseLostException(Lease lease) {
    super("lease lost on stage job " + lease.jobId() + " (version " + lease.version() + ")");
  }
}
