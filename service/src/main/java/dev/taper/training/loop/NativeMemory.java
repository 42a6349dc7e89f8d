package dev.taper.training.loop;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Asks glibc's malloc, which libtorch's CPU allocator sits on, to keep memory it has freed instead
 * of handing it back to the kernel. By default glibc maps a block of 128 KiB or more (a threshold
 * that only grows as such blocks are freed) straight from the kernel and unmaps it on free, and
 * trims the top of its heaps once enough is free there; the next step's tensors of the same sizes
 * then fault every page in again. A training step allocates and frees the same multi-megabyte
 * temporaries every time (a flat gradient, the optimiser's intermediates), and on a virtual machine
 * where a first touch costs about 17 us per 4 KiB page that refaulting took 26 ms of a wide MLP's 2
 * ms Adam update. Fixing the mmap threshold at its maximum (32 MiB) and never trimming keeps those
 * pages mapped and reused; memory the process once used stays reserved until it exits.
 *
 * <p>Does nothing where the C library is not glibc (the options are then unknown or absent).
 */
public final class NativeMemory {

  /** glibc's {@code M_TRIM_THRESHOLD} and {@code M_MMAP_THRESHOLD} (malloc.h). */
  private static final int M_TRIM_THRESHOLD = -1;

  private static final int M_MMAP_THRESHOLD = -3;

  /** The largest mmap threshold glibc accepts on 64-bit. */
  private static final int MMAP_THRESHOLD_MAX = 32 * 1024 * 1024;

  private static final boolean APPLIED = apply();

  private NativeMemory() {}

  /** Whether glibc accepted both options (applied once per process). */
  public static boolean keepFreedMemory() {
    return APPLIED;
  }

  private static boolean apply() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return false;
    }
    try {
      Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
      boolean mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX}) == 1;
      boolean trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, Integer.MAX_VALUE}) == 1;
      return mmap && trim;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }
}
