package dev.taper.training.family;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes libtorch's CPU allocator zero every block it hands out. Applied before any network is built
 * ({@link ModelFamilies#buildUninitialised}); process-wide and idempotent.
 *
 * <p>Why: oneDNN 3.7.1, which libtorch 2.7.1 runs convolutions with, reorders a convolution's
 * weights into blocks padded to the SIMD width (16 channels with AVX-512, 8 with AVX2): an 8 x 8 x
 * 3 x 3 kernel becomes 9 taps of 16 x 16. Its {@code jit:uni} reorder leaves part of that padding
 * unwritten (with one thread, the padded entries of the last four taps of a 3 x 3 kernel), in a
 * buffer just allocated for it, while the convolution kernels sum over the padded channels trusting
 * them to be zero. Whatever bits the allocator's recycled memory holds are multiplied by zero,
 * which changes nothing unless they are an Inf or NaN pattern, and then the result is NaN: the
 * input gradient of every 3 x 3 convolution whose output channels are not a multiple of the block
 * (the thin ResNet's 8-channel bottlenecks), and the output of one whose input channels are above
 * 16 and not a multiple of it. What the memory holds depends on what the process freed before, so
 * the NaN came and went between runs and moved between stages. With zeroed blocks the padding is
 * zero, as oneDNN requires, and the results are those of a correctly padded reorder. (Fixed in
 * oneDNN 3.8.1; DJL 0.36 supports no newer libtorch. Capping oneDNN at AVX2 is no fix: it only
 * changes the block to 8, and 4- or 12-channel convolutions still turn NaN.)
 *
 * <p>How: libc10's flag {@code caffe2_cpu_allocator_do_zero_fill}, a global {@code bool} that
 * {@code c10::alloc_cpu} reads on every allocation, set through JNA (which DJL itself depends on).
 */
public final class ZeroFilledAllocations {

  private static final String FLAG = "FLAGS_caffe2_cpu_allocator_do_zero_fill";

  private static volatile boolean enabled;

  private ZeroFilledAllocations() {}

  /** Turns zero-filling on, loading the engine first if needed. */
  public static void ensureEnabled() {
    if (enabled) {
      return;
    }
    synchronized (ZeroFilledAllocations.class) {
      if (enabled) {
        return;
      }
      Engine.getInstance(); // loads libtorch, and so libc10, from DJL's cache directory
      Path c10 = Path.of(LibUtils.getLibtorchPath(), System.mapLibraryName("c10"));
      if (!Files.isRegularFile(c10)) {
        throw new IllegalStateException("libtorch's c10 library not found at " + c10);
      }
      // the library is already loaded: this returns a handle to the same instance
      Pointer flag = NativeLibrary.getInstance(c10.toString()).getGlobalVariableAddress(FLAG);
      flag.setByte(0, (byte) 1);
      if (flag.getByte(0) != 1) {
        throw new IllegalStateException("could not set " + FLAG + " in " + c10);
      }
      enabled = true;
    }
  }
}
