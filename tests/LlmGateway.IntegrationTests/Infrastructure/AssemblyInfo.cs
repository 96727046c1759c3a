using System.Runtime.CompilerServices;

// Gateway hosts, WireMock servers and child processes share two cores; running test classes in parallel only adds noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace LlmGateway.IntegrationTests.Infrastructure;

internal static class TestModuleInitializer
{
    /// <summary>
    /// WireMock's SSE writer blocks thread-pool threads; on two cores the pool's slow ramp-up stalls streams (yarp-notes.md 2).
    /// </summary>
#pragma warning disable CA2255 // A test assembly is the one place where a module initializer is the right hook.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => ThreadPool.SetMinThreads(32, 32);
}
