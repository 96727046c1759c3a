using System.Runtime.InteropServices;

namespace LlmGateway.Benchmarks;

/// <summary>CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unlike wall time, it does not grow while other processes hold the cores.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long Nanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
        {
            throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed; the cpu verb needs Linux.");
        }

        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
